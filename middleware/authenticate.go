package middleware

import (
	"context"
	"fmt"

	"github.com/ThreeDotsLabs/watermill/message"

	"github.com/eventmesh/processor/internal/envelope"
	"github.com/eventmesh/processor/internal/producerauth"
	"github.com/eventmesh/processor/internal/registry"
	"github.com/eventmesh/processor/internal/rejection"
	"github.com/eventmesh/processor/internal/sqsqueue"
)

// Authenticate checks that each message comes from the producer its body
// names, as the registry in force declares it (registry.ProducerPolicy,
// producerauth.Policy.Check): the event_signature attribute over the tenant,
// event id and exact body, or the SQS SenderId in the metadata
// (sqsqueue.MetadataSenderID), or nothing for producers declared "none",
// which it reports to onUnauthenticated (nil: not reported) with the tenant.
//
// It runs before Validate and leaves to it every message it cannot judge: a
// message the subscriber could not decode (sqsqueue.Undecodable), a body
// that does not decode, a tenant or a producer the registry does not know. The event it decoded travels in the message's context, so Validate
// does not decode it again.
//
// A failed check is a *rejection.Error of class producer_unauthenticated
// (permanent: poisoned, never retried) wrapping the *producerauth.Failure,
// which names the check and never holds a key or a whole signature. It
// panics if registry is nil.
func Authenticate(registry *registry.Holder, onUnauthenticated func(tenant string)) message.HandlerMiddleware {
	if registry == nil {
		panic("middleware: Authenticate needs a registry")
	}
	return func(h message.HandlerFunc) message.HandlerFunc {
		return func(msg *message.Message) ([]*message.Message, error) {
			if sqsqueue.Undecodable(msg) != nil {
				return h(msg)
			}
			ev, err := envelope.Decode(msg.Payload, fallbackID(msg))
			if err != nil {
				return h(msg)
			}
			msg.SetContext(context.WithValue(msg.Context(), decodedKey{}, ev))
			policy, ok := registry.Current().ProducerPolicy(ev.Tenant, ev.Producer)
			if !ok {
				return h(msg)
			}
			if err := policy.Check(claim(msg, ev)); err != nil {
				return nil, fmt.Errorf("authenticate event %s: %w", ev.ID, &rejection.Error{
					Class: rejection.ClassUnauthenticated, Tenant: ev.Tenant, Producer: ev.Producer,
					EventType: ev.Type, EventID: ev.ID, Err: err,
				})
			}
			if policy.Method == producerauth.MethodNone && onUnauthenticated != nil {
				onUnauthenticated(ev.Tenant)
			}
			return h(msg)
		}
	}
}

func claim(msg *message.Message, ev *envelope.Event) producerauth.Claim {
	return producerauth.Claim{
		Tenant: ev.Tenant, EventID: ev.ID, Body: msg.Payload,
		Signature: msg.Metadata.Get(producerauth.SignatureAttribute),
		SenderID:  msg.Metadata.Get(sqsqueue.MetadataSenderID),
	}
}

type decodedKey struct{}

// decoded is the event Authenticate decoded from msg in this attempt, or
// msg decoded now.
func decoded(msg *message.Message) (*envelope.Event, error) {
	if ev, ok := msg.Context().Value(decodedKey{}).(*envelope.Event); ok && ev != nil {
		return ev, nil
	}
	return envelope.Decode(msg.Payload, fallbackID(msg))
}
