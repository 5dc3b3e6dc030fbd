package middleware

import (
	"github.com/ThreeDotsLabs/watermill"
	"github.com/ThreeDotsLabs/watermill/message"
	wmiddleware "github.com/ThreeDotsLabs/watermill/message/router/middleware"
)

// CorrelationIDKey is the metadata key (an SQS message attribute on the wire)
// carrying the correlation id; it is Watermill's own key.
const CorrelationIDKey = wmiddleware.CorrelationIDMetadataKey

// CorrelationID makes sure every message has a correlation id before anything
// else runs: the producer's when it sent one, otherwise a new ULID. Every log
// line, stored row and poison record about the message carries it.
func CorrelationID(h message.HandlerFunc) message.HandlerFunc {
	return func(msg *message.Message) ([]*message.Message, error) {
		if msg.Metadata.Get(CorrelationIDKey) == "" {
			msg.Metadata.Set(CorrelationIDKey, watermill.NewULID())
		}
		return wmiddleware.CorrelationID(h)(msg)
	}
}
