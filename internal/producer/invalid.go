package producer

import (
	"bytes"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/eventmesh/processor/internal/envelope"
)

// Names the invalid kinds use; none is in a sane registry.
const (
	unknownProducer = "unregistered-producer"
	unknownType     = "unregistered-event-type"
)

// invalid returns a message of invalid kind k.
func (w *Workload) invalid(k Kind) Message {
	switch k {
	case KindBadEnvelope:
		return w.badEnvelope()
	case KindPlainText:
		return w.plainText()
	case KindConflict:
		return w.conflict()
	case KindForgedSignature:
		return w.forged()
	case KindUnsigned:
		tg := w.pick(w.cat.signing)
		return w.invalidEvent(k, w.event(tg, w.data(tg)))
	case KindSuspendedTenant:
		tg := w.pick(w.cat.suspended)
		return w.invalidEvent(k, w.event(tg, w.data(tg)))
	case KindSchemaViolation:
		tg := w.pick(w.cat.violable)
		return w.invalidEvent(k, w.event(tg, tg.violations[w.rng.IntN(len(tg.violations))]))
	}
	tg := w.pick(w.cat.valid)
	ev := w.event(tg, w.data(tg))
	switch k {
	case KindUnknownTenant:
		ev.Tenant = w.cat.unknownTenants[w.rng.IntN(len(w.cat.unknownTenants))]
	case KindProducerNotAllowed:
		ev.Producer = w.wrongProducer(tg)
	case KindUnknownType:
		ev.Type = unknownType
	case KindUnknownSchemaVersion:
		ev.SchemaVersion = w.cat.unknownVersion(tg)
	}
	return w.invalidEvent(k, ev)
}

func (w *Workload) invalidEvent(k Kind, ev envelope.Event) Message {
	return w.message(k, ev, w.marshal(ev))
}

// wrongProducer returns a producer that may not send tg's events: half the
// time one the tenant does not have, otherwise (when there is one) one of
// the tenant's producers that may not emit tg's event type.
func (w *Workload) wrongProducer(tg *target) string {
	var others []string
	for _, m := range w.misrouted {
		if m.tg.tenant == tg.tenant && m.tg.eventType == tg.eventType {
			others = append(others, m.producer)
		}
	}
	if len(others) == 0 || w.rng.IntN(2) == 0 {
		return unknownProducer
	}
	return others[w.rng.IntN(len(others))]
}

// plainText returns one of the original system's plain-text bad messages.
func (w *Workload) plainText() Message {
	texts := []string{"bad message %d", "ERROR could not serialise event %d", "test %d", "<event id=%d/>"}
	body := fmt.Sprintf(texts[w.rng.IntN(len(texts))], w.rng.IntN(1_000_000))
	return Message{UUID: w.uuid(), Body: []byte(body), CorrelationID: w.uuid(), Kind: KindPlainText}
}

// badEnvelope breaks one rule of the CloudEvents envelope in a valid event.
func (w *Workload) badEnvelope() Message {
	tg := w.pick(w.cat.valid)
	ev := w.event(tg, w.data(tg))
	body := w.marshal(ev)
	m := w.message(KindBadEnvelope, ev, nil)
	switch w.rng.IntN(6) {
	case 0:
		m.Body = replaceOnce(body, `"specversion":"1.0"`, `"specversion":"0.3"`)
	case 1:
		m.Body = replaceOnce(body, `"id":"`+ev.ID+`",`, ``)
		m.EventID = ""
	case 2:
		m.Body = append(slices.Clone(body[:bytes.Index(body, []byte(`"data":`))]), `"data":null}`...)
	case 3:
		m.Body = replaceOnce(body, `{"specversion":"1.0",`, `{"specversion":"1.0","specversion":"1.0",`)
	case 4:
		m.Body = replaceOnce(body, `"tenant":"`+ev.Tenant+`"`, `"tenant":"`+strings.ToUpper(ev.Tenant)+` !"`)
		m.Tenant = ""
	default:
		m.Body, m.Tenant, m.Type, m.Producer = body[:len(body)/2], "", "", ""
	}
	return m
}

func replaceOnce(body []byte, old, repl string) []byte {
	return bytes.Replace(body, []byte(old), []byte(repl), 1)
}

// unknownVersion returns a schema version tg's event type does not have.
func (c *Catalog) unknownVersion(tg *target) string {
	t, _ := c.reg.Tenant(tg.tenant)
	versions := t.EventTypes[tg.eventType].Versions
	for n := 99; ; n++ {
		if v := "v" + strconv.Itoa(n); !slices.Contains(versions, v) {
			return v
		}
	}
}

// misroutes lists, for each valid target, the producers of its tenant that
// may not emit its event type.
func (c *Catalog) misroutes() []misroute {
	var out []misroute
	for i := range c.valid {
		tg := &c.valid[i]
		t, _ := c.reg.Tenant(tg.tenant)
		for p, types := range t.Producers {
			if !slices.Contains(types, tg.eventType) {
				out = append(out, misroute{tg: tg, producer: p})
			}
		}
	}
	slices.SortFunc(out, func(a, b misroute) int { return strings.Compare(a.producer, b.producer) })
	return out
}
