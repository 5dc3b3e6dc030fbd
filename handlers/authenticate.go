package handlers

import (
	"fmt"

	"github.com/ThreeDotsLabs/watermill/message"

	"github.com/eventmesh/processor/internal/envelope"
	"github.com/eventmesh/processor/internal/producerauth"
	"github.com/eventmesh/processor/internal/registry"
	"github.com/eventmesh/processor/internal/rejection"
	"github.com/eventmesh/processor/internal/sqsqueue"
)

// authenticate checks that msg comes from the producer its event names, as
// reg declares it (registry.ProducerPolicy, producerauth.Policy.Check): the
// event_signature attribute over the tenant, event id and exact body, or the
// SQS SenderId in the metadata (sqsqueue.MetadataSenderID), or nothing for
// producers declared "none", which it reports to onUnauthenticated (nil: not
// reported) with the tenant. A tenant or producer reg does not know is left
// to validation, which rejects it.
//
// A failed check is a *rejection.Error of class producer_unauthenticated
// wrapping the *producerauth.Failure, which names the check and never holds
// a key or a whole signature.
func authenticate(reg *registry.Registry, msg *message.Message, ev *envelope.Event, onUnauthenticated func(tenant string)) error {
	policy, ok := reg.ProducerPolicy(ev.Tenant, ev.Producer)
	if !ok {
		return nil
	}
	if err := policy.Check(claim(msg, ev)); err != nil {
		return fmt.Errorf("authenticate event %s: %w", ev.ID, &rejection.Error{
			Class: rejection.ClassUnauthenticated, Tenant: ev.Tenant, Producer: ev.Producer,
			EventType: ev.Type, EventID: ev.ID, Err: err,
		})
	}
	if policy.Method == producerauth.MethodNone && onUnauthenticated != nil {
		onUnauthenticated(ev.Tenant)
	}
	return nil
}

func claim(msg *message.Message, ev *envelope.Event) producerauth.Claim {
	return producerauth.Claim{
		Tenant: ev.Tenant, EventID: ev.ID, Body: msg.Payload,
		Signature: msg.Metadata.Get(producerauth.SignatureAttribute),
		SenderID:  msg.Metadata.Get(sqsqueue.MetadataSenderID),
	}
}
