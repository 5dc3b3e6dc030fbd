package producer

import (
	"encoding/json"

	"github.com/eventmesh/processor/internal/envelope"
	"github.com/eventmesh/processor/internal/rejection"
)

// check validates data as tg's event against the registry.
func (c *Catalog) check(tg target, data []byte) error {
	ev := envelope.Event{
		ID: "00000000-0000-4000-8000-000000000000", Tenant: tg.tenant, Producer: tg.producer,
		Type: tg.eventType, SchemaVersion: tg.version, Format: envelope.FormatCloudEvents, Data: data,
	}
	return c.reg.Validate(&ev)
}

func (c *Catalog) valid0(tg target, data []byte) bool {
	return c.check(tg, data) == nil
}

// addViolations keeps the invalid samples that the processor poisons as
// schema violations: the envelope accepts them (JSON other than null) and
// tg's schema refuses them.
func (c *Catalog) addViolations(tg *target, invalid []json.RawMessage) {
	for _, doc := range invalid {
		ev := envelope.Event{ID: "00000000-0000-4000-8000-000000000000", Tenant: tg.tenant, Producer: tg.producer, Type: tg.eventType, Data: doc}
		if _, err := envelope.Marshal(ev); err != nil {
			continue
		}
		if rejected, ok := rejection.As(c.check(*tg, doc)); ok && rejected.Class == rejection.ClassSchema {
			tg.violations = append(tg.violations, doc)
		}
	}
}

// mustJSON marshals values that cannot fail to encode.
func mustJSON(v any) json.RawMessage {
	b, err := json.Marshal(v)
	if err != nil {
		panic("producer: marshal: " + err.Error())
	}
	return b
}
