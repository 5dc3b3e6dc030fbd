package producer

import (
	"bytes"
	"fmt"

	"github.com/eventmesh/processor/internal/envelope"
)

// valid returns a valid event: in the legacy format for a Mix.Legacy share.
func (w *Workload) valid() Message {
	if w.mix.Legacy > 0 && w.rng.Float64() < w.mix.Legacy {
		return w.legacy()
	}
	tg := w.pick(w.cat.valid)
	ev := w.event(tg, w.data(tg))
	m := w.message(KindValid, ev, w.marshal(ev))
	w.remember(sent{ev: ev, msg: m, tg: tg})
	return m
}

// legacy returns a valid event in the original system's format. Its id is
// the SQS MessageId; the UUID is the Watermill one only.
func (w *Workload) legacy() Message {
	tg := w.pick(w.cat.legacy)
	ev := w.event(tg, w.data(tg))
	ev.SchemaVersion = ""
	body, err := envelope.MarshalLegacy(ev)
	if err != nil {
		panic(fmt.Sprintf("producer: a checked legacy sample does not encode: %v", err))
	}
	m := w.message(KindLegacy, ev, body)
	m.EventID = ""
	return m
}

// duplicate re-sends a valid event exactly, correlation id included.
func (w *Workload) duplicate() Message {
	orig, ok := w.followUp()
	if !ok {
		return w.valid()
	}
	m := orig.msg
	m.Kind = KindDuplicate
	return m
}

// conflict sends the id of a valid event again with other, still valid,
// data. When the target cannot give other data it is an exact duplicate.
func (w *Workload) conflict() Message {
	orig, ok := w.followUp()
	if !ok {
		return w.valid()
	}
	ev := orig.ev
	ev.Data = w.data(orig.tg)
	body := w.marshal(ev)
	if bytes.Equal(body, orig.msg.Body) {
		m := orig.msg
		m.Kind = KindDuplicate
		return m
	}
	m := orig.msg
	m.Kind, m.Body, m.CorrelationID = KindConflict, body, w.uuid()
	return m
}

// remember keeps a valid event for a later follow-up, forgetting a random
// older one when maxPending are kept.
func (w *Workload) remember(s sent) {
	if len(w.pending) < maxPending {
		w.pending = append(w.pending, s)
		return
	}
	w.pending[w.rng.IntN(maxPending)] = s
}

// followUp takes a random pending event: each gets at most one follow-up,
// so the expected outcome does not depend on the order of delivery.
func (w *Workload) followUp() (sent, bool) {
	if len(w.pending) == 0 {
		return sent{}, false
	}
	i := w.rng.IntN(len(w.pending))
	s := w.pending[i]
	last := len(w.pending) - 1
	w.pending[i] = w.pending[last]
	w.pending = w.pending[:last]
	return s, true
}

// data returns a template of tg with fresh UUIDs.
func (w *Workload) data(tg *target) []byte {
	tpl := tg.templates[w.rng.IntN(len(tg.templates))]
	return tpl.vary(w.uuid)
}

// event returns tg's event with a fresh id; the version is explicit unless
// it is the default one.
func (w *Workload) event(tg *target, data []byte) envelope.Event {
	ev := envelope.Event{
		ID: w.uuid(), Tenant: tg.tenant, Producer: tg.producer, Type: tg.eventType,
		Time: w.now(), Format: envelope.FormatCloudEvents, Data: data,
	}
	if tg.explicitVersion {
		ev.SchemaVersion = tg.version
	}
	return ev
}

func (w *Workload) message(kind Kind, ev envelope.Event, body []byte) Message {
	return Message{
		UUID: ev.ID, Body: body, CorrelationID: w.uuid(), Kind: kind,
		Tenant: ev.Tenant, Producer: ev.Producer, Type: ev.Type, EventID: ev.ID,
	}
}

// marshal encodes ev as CloudEvents. The catalog checked every template, so
// a failure is a bug of this package.
func (w *Workload) marshal(ev envelope.Event) []byte {
	body, err := envelope.Marshal(ev)
	if err != nil {
		panic(fmt.Sprintf("producer: a checked event does not encode: %v", err))
	}
	return body
}
