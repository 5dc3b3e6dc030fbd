package producer

import (
	"github.com/eventmesh/processor/internal/producerauth"
)

// forgery is a signing target and a signing producer of another tenant,
// whose key forges the target's events.
type forgery struct {
	tg             *target
	tenant, signer string
}

// sign sets m's signature as its producer's declaration in the registry
// asks (hmac-sha256: the signature under its first key; other methods:
// none). Forged and unsigned messages keep what their kind gave them.
func (w *Workload) sign(m Message) Message {
	if m.Kind == KindForgedSignature || m.Kind == KindUnsigned {
		return m
	}
	m.Signature = ""
	if p, ok := w.cat.reg.ProducerPolicy(m.Tenant, m.Producer); ok {
		m.Signature = p.Sign(m.Tenant, m.EventID, m.Body)
	}
	return m
}

// forged returns a valid event of a signing producer of one tenant, signed
// with the key of a signing producer of another tenant: tenant A's producer
// publishing as tenant B.
func (w *Workload) forged() Message {
	f := w.cat.forgeries[w.rng.IntN(len(w.cat.forgeries))]
	ev := w.event(f.tg, w.data(f.tg))
	m := w.message(KindForgedSignature, ev, w.marshal(ev))
	p, _ := w.cat.reg.ProducerPolicy(f.tenant, f.signer)
	m.Signature = p.Sign(ev.Tenant, ev.ID, m.Body)
	return m
}

// addForgeries lists the valid targets whose producer signs, and for each
// the first signing producer of another tenant.
func (c *Catalog) addForgeries() {
	for i := range c.valid {
		if p, _ := c.reg.ProducerPolicy(c.valid[i].tenant, c.valid[i].producer); p.Method == producerauth.MethodHMAC {
			c.signing = append(c.signing, c.valid[i])
		}
	}
	for i := range c.signing {
		tg := &c.signing[i]
		for _, other := range c.signing {
			if other.tenant != tg.tenant {
				c.forgeries = append(c.forgeries, forgery{tg: tg, tenant: other.tenant, signer: other.producer})
				break
			}
		}
	}
}
