// Package middleware holds the processor's Watermill handler middleware, one
// per file, each wrapping a message.HandlerFunc, in the router's order
// (outermost first): stack growth (GrowStack), correlation ids
// (CorrelationID), one log line per failed message (LogFailures), holding
// messages while the store is unavailable (HoldWhileUnavailable), the poison
// queue for permanent failures (PoisonQueue), retries of transient ones
// (Retry), panic recovery (Recoverer), producer authentication
// (Authenticate) and the validation of each event against the tenant
// registry (Validate).
package middleware

import (
	"fmt"

	"github.com/ThreeDotsLabs/watermill/message"

	"github.com/eventmesh/processor/internal/poison"
	"github.com/eventmesh/processor/internal/registry"
	"github.com/eventmesh/processor/internal/rejection"
	"github.com/eventmesh/processor/internal/sqsqueue"
)

// Validate decodes each message's payload (envelope.Decode) and validates
// the event against the registry in force (registry.Holder.Current), then
// calls the handler with the event in the message's context
// (EventFromContext). A legacy body has no id: the SQS MessageId from the
// metadata is its id, or the message UUID if that is empty.
//
// A message the subscriber could not decode (sqsqueue.Undecodable) is
// rejected as envelope_invalid before its body is read.
//
// On failure the handler is not called and the error is a *rejection.Error
// (wrapped with context; find it with rejection.As): permanent, never to be
// retried. It panics if registry is nil.
func Validate(registry *registry.Holder) message.HandlerMiddleware {
	if registry == nil {
		panic("middleware: Validate needs a registry")
	}
	return func(h message.HandlerFunc) message.HandlerFunc {
		return func(msg *message.Message) ([]*message.Message, error) {
			if err := sqsqueue.Undecodable(msg); err != nil {
				return nil, &rejection.Error{Class: rejection.ClassEnvelope, Err: err}
			}
			ev, err := decoded(msg)
			if err != nil {
				return nil, fmt.Errorf("decode message %s: %w", msg.UUID, err)
			}
			if err := registry.Current().Validate(ev); err != nil {
				return nil, fmt.Errorf("validate event %s: %w", ev.ID, err)
			}
			msg.SetContext(WithEvent(msg.Context(), ev))
			return h(msg)
		}
	}
}

// fallbackID is the event id of bodies that carry none (the original
// system's format): the SQS MessageId the event first arrived with. A replay
// from the poison queue carries that id in poison.OriginalMessageIDKey, so a
// replayed event keeps its id and the store stays idempotent.
func fallbackID(msg *message.Message) string {
	if id := msg.Metadata.Get(poison.OriginalMessageIDKey); id != "" {
		return id
	}
	if id := msg.Metadata.Get(sqsqueue.MetadataMessageID); id != "" {
		return id
	}
	return msg.UUID
}
