package store

import (
	"time"

	"github.com/ThreeDotsLabs/watermill/message"

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

func eventMessage(ev *envelope.Event, d Delivery) *message.Message {
	msg := message.NewMessage(EventUUID(ev.Tenant, ev.ID), message.Payload(ev.Data))
	set := func(key, value string) {
		if value != "" {
			msg.Metadata[key] = value
		}
	}
	set(MetaTenant, ev.Tenant)
	set(MetaProducer, ev.Producer)
	set(MetaEventType, ev.Type)
	set(MetaSchemaVersion, ev.SchemaVersion)
	set(MetaEventID, ev.ID)
	set(MetaEventTime, formatTime(ev.Time))
	set(MetaFormat, string(ev.Format))
	set(MetaCorrelationID, d.CorrelationID)
	set(MetaSQSMessageID, d.SQSMessageID)
	set(MetaSentAt, formatTime(d.SentAt))
	set(MetaReceivedAt, formatTime(d.ReceivedAt))
	return msg
}

func formatTime(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format(time.RFC3339Nano)
}
