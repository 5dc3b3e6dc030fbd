package producer

import (
	"github.com/ThreeDotsLabs/watermill/message"
	wmiddleware "github.com/ThreeDotsLabs/watermill/message/router/middleware"

	"github.com/eventmesh/processor/internal/producerauth"
)

// MetadataKind is the metadata key (an SQS message attribute on the wire)
// carrying the Kind of each generated message, so a poison record or a
// received message tells what the generator meant it to be.
const MetadataKind = "workload_kind"

// Message is one generated message and what it claims to be.
type Message struct {
	// UUID is the Watermill UUID: the event id of CloudEvents bodies, a fresh
	// UUID for bodies that carry none (the legacy format, plain text).
	UUID string
	// Body is the SQS message body.
	Body []byte
	// CorrelationID is sent as the "correlation_id" message attribute.
	CorrelationID string
	// Kind tells what the processor must do with the message.
	Kind Kind
	// Signature is sent as the event_signature message attribute when not
	// empty (producerauth.SignatureAttribute).
	Signature string
	// Tenant, Producer and Type are what the body claims ("" when it names
	// none, as plain text); EventID is its id ("" for the legacy format, whose
	// id is the SQS MessageId, and for bodies without one).
	Tenant, Producer, Type, EventID string
}

// Watermill returns the message to publish: Body as payload, UUID as the
// Watermill UUID, the correlation id, the kind and the signature in its
// metadata.
func (m Message) Watermill() *message.Message {
	msg := message.NewMessage(m.UUID, m.Body)
	msg.Metadata.Set(wmiddleware.CorrelationIDMetadataKey, m.CorrelationID)
	msg.Metadata.Set(MetadataKind, string(m.Kind))
	if m.Signature != "" {
		msg.Metadata.Set(producerauth.SignatureAttribute, m.Signature)
	}
	return msg
}
