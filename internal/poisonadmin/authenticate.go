package poisonadmin

import (
	"github.com/ThreeDotsLabs/watermill/message"

	"github.com/eventmesh/processor/internal/envelope"
	"github.com/eventmesh/processor/internal/producerauth"
	"github.com/eventmesh/processor/internal/rejection"
)

// ReSignReason is the reason of the poison_actions row of a replay whose
// message was re-signed (ReplayOptions.ReSign).
const ReSignReason = "re-signed by the operator under the producer's current key"

// authenticate checks msg as the processor's handler (handlers.Event) will:
// nil, or a *rejection.Error of class producer_unauthenticated. A replay
// keeps the record's attributes, so a valid signature still verifies and a
// bad one fails again.
func (a *Admin) authenticate(ev *envelope.Event, msg *message.Message) error {
	p, ok := a.cfg.Registry.ProducerPolicy(ev.Tenant, ev.Producer)
	if !ok {
		return nil
	}
	err := p.Check(producerauth.Claim{
		Tenant: ev.Tenant, EventID: ev.ID, Body: msg.Payload,
		Signature: msg.Metadata.Get(producerauth.SignatureAttribute),
	})
	if err != nil {
		return &rejection.Error{Class: rejection.ClassUnauthenticated, Tenant: ev.Tenant, Producer: ev.Producer,
			EventType: ev.Type, EventID: ev.ID, Err: err}
	}
	return nil
}

// reSign replaces msg's signature with the signature under the current key
// of the producer ev names, as the tool's registry resolves it (the tool
// needs the producer's key in its environment). It reports whether it
// signed: only producers declared hmac-sha256 sign.
func (a *Admin) reSign(ev *envelope.Event, msg *message.Message) bool {
	p, ok := a.cfg.Registry.ProducerPolicy(ev.Tenant, ev.Producer)
	if !ok || p.Method != producerauth.MethodHMAC {
		return false
	}
	msg.Metadata.Set(producerauth.SignatureAttribute, p.Sign(ev.Tenant, ev.ID, msg.Payload))
	return true
}
