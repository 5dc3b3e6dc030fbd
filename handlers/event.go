package handlers

import (
	"fmt"

	"github.com/ThreeDotsLabs/watermill/message"

	"github.com/eventmesh/processor/internal/envelope"
	"github.com/eventmesh/processor/internal/registry"
	"github.com/eventmesh/processor/middleware"
)

// StoreFunc stores the validated event ev of msg (Store). A nil error
// means msg may be acknowledged.
type StoreFunc func(msg *message.Message, ev *envelope.Event) error

// Event returns the router's handler of one event: it decodes the message's
// envelope (decode), checks that the producer it names sent it
// (authenticate, as the registry in force declares; producers declared
// "none" are reported to onUnauthenticated, nil for not reported),
// validates the event against the registry in force
// (registry.Holder.Current: tenant, producer, event type, schema version,
// JSON Schema), then stores it with store.
//
// Decoding, authentication and validation fail with a *rejection.Error
// (wrapped with context; find it with rejection.As): permanent, for the
// poison queue, never retried; store is then not called. A message the
// subscriber could not decode (sqsqueue.Undecodable) is envelope_invalid
// before its body is read. The validated event is recorded in the message's
// context (middleware.WithEvent) before store runs, so that LogFailures and
// PoisonQueue name it if storing fails; nothing reads it back to handle
// the message. It panics if registry or store is nil.
func Event(registry *registry.Holder, onUnauthenticated func(tenant string), store StoreFunc) message.NoPublishHandlerFunc {
	if registry == nil || store == nil {
		panic("handlers: Event needs a registry and a store")
	}
	return func(msg *message.Message) error {
		ev, err := decode(msg)
		if err != nil {
			return err
		}
		reg := registry.Current()
		if err := authenticate(reg, msg, ev, onUnauthenticated); err != nil {
			return err
		}
		if err := reg.Validate(ev); err != nil {
			return fmt.Errorf("validate event %s: %w", ev.ID, err)
		}
		msg.SetContext(middleware.WithEvent(msg.Context(), ev))
		return store(msg, ev)
	}
}
