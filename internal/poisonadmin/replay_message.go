package poisonadmin

import (
	"cmp"
	"errors"
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/ThreeDotsLabs/watermill/message"
	wmiddleware "github.com/ThreeDotsLabs/watermill/message/router/middleware"

	"github.com/eventmesh/processor/internal/poison"
	"github.com/eventmesh/processor/internal/sqsqueue"
)

// maxSQSAttributes is the SQS limit of message attributes on one message;
// watermill-aws spends one on the Watermill UUID.
const maxSQSAttributes = 10

// subscriberKeyPrefix prefixes the metadata the processor's SQS subscriber
// adds to every message (sqs_message_id, sqs_receive_count, …): it describes
// the delivery, not the message, so a replay does not send it. But for
// attributeKeys.
const subscriberKeyPrefix = "sqs_"

// attributeKeys are the subscriber's keys that describe the message
// attributes (their DataTypes and exact bytes): a replay keeps them for
// sqsqueue.Marshaler, which sends each attribute as it came, and does not
// send them as attributes of their own.
var attributeKeys = map[string]bool{sqsqueue.MetadataAttributeTypes: true, sqsqueue.MetadataBinaryAttributes: true}

var errEmptyBody = errors.New("empty body: SQS does not accept an empty message")

// originalMessageID is the SQS MessageId the event first arrived with: a
// record of a replayed message that was poisoned again keeps it in its
// attributes, because its own sqs_message_id is the replay's.
func originalMessageID(r *poison.Record) string {
	return cmp.Or(r.Attributes[poison.OriginalMessageIDKey], r.SQSMessageID)
}

// replayMessage is the message a replay of r sends: the original body byte
// for byte, the Watermill UUID eventID (the record uuid when no event id is
// known), the attributes it arrived with minus the subscriber's own, its
// correlation id, and the keys that tie the replay to the record and to the
// original SQS MessageId (the event id of a legacy body). Attributes keep
// the DataType they came with (String.app, Number.int, Binary.gz, …).
func replayMessage(r *poison.Record, eventID string) (*message.Message, error) {
	if err := sendableBody(r.Body); err != nil {
		return nil, err
	}
	msg := message.NewMessage(cmp.Or(eventID, r.UUID), r.Body)
	for k, v := range r.Attributes {
		if !replayed(k) {
			continue
		}
		msg.Metadata[k] = v
	}
	if r.CorrelationID != "" {
		msg.Metadata[wmiddleware.CorrelationIDMetadataKey] = r.CorrelationID
	}
	msg.Metadata[poison.ReplayOfKey] = r.UUID
	if id := originalMessageID(r); id != "" {
		msg.Metadata[poison.OriginalMessageIDKey] = id
	}
	if n := sqsAttributes(msg.Metadata) + 1; n > maxSQSAttributes {
		return nil, fmt.Errorf("%d message attributes (with the replay keys and the Watermill uuid) exceed the SQS limit of %d",
			n, maxSQSAttributes)
	}
	return msg, nil
}

// replayed reports whether a replay sends the record's attribute k again:
// not the subscriber's delivery keys, and not the keys it sets itself (the
// Watermill UUID of a message that could not be decoded among them).
func replayed(k string) bool {
	if strings.HasPrefix(k, subscriberKeyPrefix) {
		return attributeKeys[k]
	}
	return k != poison.ReplayOfKey && k != poison.OriginalMessageIDKey && k != sqsqueue.UUIDAttribute
}

// sqsAttributes is the number of message attributes md is sent as.
func sqsAttributes(md message.Metadata) int {
	n := len(md)
	for k := range attributeKeys {
		if _, ok := md[k]; ok {
			n--
		}
	}
	return n
}

// sendableBody checks that SQS accepts body as it is: it must not be empty,
// must be UTF-8 and may hold only #x9, #xA, #xD, #x20-#xD7FF,
// #xE000-#xFFFD and #x10000-#x10FFFF. A body that breaks these cannot
// have come through SQS, and cannot go back byte for byte.
func sendableBody(body []byte) error {
	if len(body) == 0 {
		return errEmptyBody
	}
	for i := 0; i < len(body); {
		r, size := utf8.DecodeRune(body[i:])
		if r == utf8.RuneError && size <= 1 {
			return fmt.Errorf("body is not UTF-8 at byte %d: SQS accepts only Unicode text", i)
		}
		if !sqsChar(r) {
			return fmt.Errorf("body holds U+%04X at byte %d, which SQS does not accept", r, i)
		}
		i += size
	}
	return nil
}

func sqsChar(r rune) bool {
	return r == 0x9 || r == 0xA || r == 0xD ||
		(r >= 0x20 && r <= 0xD7FF) || (r >= 0xE000 && r <= 0xFFFD) || (r >= 0x10000 && r <= 0x10FFFF)
}
