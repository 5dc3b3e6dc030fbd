package store

import (
	"time"
	"unicode/utf8"

	"github.com/eventmesh/processor/internal/envelope"
)

// Metadata keys of stored event rows. A sender reads them from the
// watermill-sql message's metadata.
const (
	MetaTenant        = "tenant"
	MetaProducer      = "producer"
	MetaEventType     = "event_type"
	MetaSchemaVersion = "schema_version"
	MetaEventID       = "event_id"
	MetaEventTime     = "event_time"
	MetaFormat        = "format"
	MetaCorrelationID = "correlation_id"
	MetaSQSMessageID  = "sqs_message_id"
	MetaSentAt        = "sent_at"
	MetaReceivedAt    = "received_at"
)

// metadataJSON is the metadata column of ev's row: a JSON object of its
// non-empty attributes, keys in sorted order, the same JSON value
// encoding/json gives for the map of them (watermill-sql's own encoding),
// written directly: this runs once per event, and the map and reflection
// cost a dozen allocations.
func metadataJSON(ev *envelope.Event, d Delivery) string {
	b := make([]byte, 0, 512)
	b = append(b, '{')
	for _, kv := range [...][2]string{ // sorted by key
		{MetaCorrelationID, d.CorrelationID},
		{MetaEventID, ev.ID},
		{MetaEventTime, formatTime(ev.Time)},
		{MetaEventType, ev.Type},
		{MetaFormat, string(ev.Format)},
		{MetaProducer, ev.Producer},
		{MetaReceivedAt, formatTime(d.ReceivedAt)},
		{MetaSchemaVersion, ev.SchemaVersion},
		{MetaSentAt, formatTime(d.SentAt)},
		{MetaSQSMessageID, d.SQSMessageID},
		{MetaTenant, ev.Tenant},
	} {
		if kv[1] == "" {
			continue
		}
		if len(b) > 1 {
			b = append(b, ',')
		}
		b = appendJSONString(append(appendJSONString(b, kv[0]), ':'), kv[1])
	}
	return string(append(b, '}'))
}

// appendJSONString appends s as a JSON string: quotes, backslashes and
// control characters escaped, invalid UTF-8 replaced by U+FFFD, as
// encoding/json does.
func appendJSONString(b []byte, s string) []byte {
	b = append(b, '"')
	for i := 0; i < len(s); {
		c := s[i]
		switch {
		case c == '"' || c == '\\':
			b = append(b, '\\', c)
			i++
		case c < 0x20:
			b = append(b, `\u00`...)
			b = append(b, hex[c>>4], hex[c&0xf])
			i++
		case c < utf8.RuneSelf:
			b = append(b, c)
			i++
		default:
			r, size := utf8.DecodeRuneInString(s[i:])
			switch {
			case r == utf8.RuneError && size == 1:
				b = append(b, `\ufffd`...)
			case r == '\u2028' || r == '\u2029':
				b = append(b, `\u202`...)
				b = append(b, hex[r&0xf])
			default:
				b = append(b, s[i:i+size]...)
			}
			i += size
		}
	}
	return append(b, '"')
}

const hex = "0123456789abcdef"

func formatTime(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format(time.RFC3339Nano)
}
