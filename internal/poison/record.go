// Package poison keeps the messages the processor rejected permanently, in a
// watermill-sql topic of Postgres ("watermill_poison", BYTEA payload), with a
// structured reason, so operators can inspect and replay them.
//
// One record per rejected event: a redelivery of the same SQS message, or
// the same event sent again, updates the record's last-seen time and count.
package poison

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"maps"
	"strconv"
	"time"

	"github.com/ThreeDotsLabs/watermill/message"
	"github.com/google/uuid"

	"github.com/eventmesh/processor/internal/rejection"
)

// Metadata keys of a poison record. Every value is a string (watermill-sql
// stores metadata as a JSON object of strings); Violations is a JSON array
// of {"path","message"} objects.
const (
	KeyClass         = "reason_class"
	KeyError         = "reason_error"
	KeyViolations    = "violations"
	KeyTenant        = "tenant"
	KeyProducer      = "producer"
	KeyEventType     = "event_type"
	KeySchemaVersion = "schema_version"
	KeyEventID       = "event_id"
	KeyCorrelationID = "correlation_id"
	KeySQSMessageID  = "sqs_message_id"
	KeyReceiveCount  = "receive_count"
	KeyFirstSeenAt   = "first_seen_at"
	KeyLastSeenAt    = "last_seen_at"
	KeySeenCount     = "seen_count"
	KeyHandler       = "handler_name"
	// AttributePrefix prefixes the metadata the message arrived with (SQS
	// message attributes and the subscriber's own keys).
	AttributePrefix = "attr."
)

var recordNamespace = uuid.MustParse("0b8d6a52-7d0e-4b8e-a5a4-9f0a4f7f3c11")

// Rejected is a message rejected permanently, as the poison middleware saw it.
type Rejected struct {
	Body          []byte
	Attributes    message.Metadata
	Reason        *rejection.Error
	SQSMessageID  string
	ReceiveCount  string
	CorrelationID string
	Handler       string
	SeenAt        time.Time
}

// RecordUUID identifies the record of r: by tenant, event id and body when
// the event id is known (a re-sent event lands on the same record), else by
// SQS message id (a redelivery lands on the same record).
func (r *Rejected) RecordUUID() string {
	if r.Reason.EventID != "" && r.Reason.Tenant != "" {
		sum := sha256.Sum256(r.Body)
		key := "event\x00" + r.Reason.Tenant + "\x00" + r.Reason.EventID + "\x00" + hex.EncodeToString(sum[:])
		return uuid.NewSHA1(recordNamespace, []byte(key)).String()
	}
	return uuid.NewSHA1(recordNamespace, []byte("sqs\x00"+r.SQSMessageID)).String()
}

// Message is the watermill message of r's poison record.
func (r *Rejected) Message() *message.Message {
	msg := message.NewMessage(r.RecordUUID(), r.Body)
	for k, v := range r.Attributes {
		msg.Metadata[AttributePrefix+k] = v
	}
	seen := r.SeenAt.UTC().Format(time.RFC3339Nano)
	maps.Copy(msg.Metadata, map[string]string{
		KeyClass: string(r.Reason.Class), KeyError: r.Reason.Error(),
		KeyViolations: violationsJSON(r.Reason.Violations),
		KeyTenant:     r.Reason.Tenant, KeyProducer: r.Reason.Producer, KeyEventType: r.Reason.EventType,
		KeySchemaVersion: r.Reason.SchemaVersion, KeyEventID: r.Reason.EventID,
		KeyCorrelationID: r.CorrelationID, KeySQSMessageID: r.SQSMessageID, KeyReceiveCount: r.ReceiveCount,
		KeyFirstSeenAt: seen, KeyLastSeenAt: seen, KeySeenCount: strconv.Itoa(1), KeyHandler: r.Handler,
	})
	return msg
}

func violationsJSON(v []rejection.Violation) string {
	if v == nil {
		v = []rejection.Violation{}
	}
	b, err := json.Marshal(v)
	if err != nil {
		return "[]"
	}
	return string(b)
}

// Metadata keys a replay sets on the SQS message it sends, so the processor
// treats it as the same event: ReplayOfKey names the poison record replayed;
// OriginalMessageIDKey carries the SQS MessageId the event first arrived with,
// which is the event id of bodies in the original system's format (they carry
// no id of their own).
const (
	ReplayOfKey          = "replay_of"
	OriginalMessageIDKey = "original_sqs_message_id"
)
