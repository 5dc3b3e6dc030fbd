package producer

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"maps"
	"slices"

	"github.com/eventmesh/processor/internal/envelope"
	"github.com/eventmesh/processor/internal/registry"
)

// Samples returns data documents of a tenant's event type at a schema
// version: valid ones, whose UUIDs the generator varies from one event to the
// next, and invalid ones that violate the schema. FixtureSamples is the one
// for the shipped registry.
type Samples func(tenant, eventType, version string) (valid, invalid []json.RawMessage)

// target is a (tenant, producer, event type, version) that events are drawn
// for, with the data to send.
type target struct {
	tenant, producer, eventType, version string
	// explicitVersion is false for the default version, which valid events
	// then leave out.
	explicitVersion bool
	templates       []template
	violations      []json.RawMessage
}

// Catalog is what a workload draws from: every valid combination of the
// registry that has samples, and the suspended tenants. It is immutable.
type Catalog struct {
	reg       *registry.Registry
	valid     []target // active tenants, every producer and version
	legacy    []target // active tenants, the legacy producer, default versions
	suspended []target
	violable  []target // valid targets that have schema violations
	signing   []target // valid targets whose producer signs (hmac-sha256)
	forgeries []forgery
	// unknownTenants are valid tenant ids that are not in the registry.
	unknownTenants []string
}

// NewCatalog is NewCatalogContext without cancellation.
func NewCatalog(reg *registry.Registry, samples Samples, bodySize int) (*Catalog, error) {
	return NewCatalogContext(context.Background(), reg, samples, bodySize)
}

// NewCatalogContext builds the catalog of reg with data from samples,
// checking each sample against reg: a valid sample its schema refuses is an
// error. Event types without samples are left out. bodySize pads the samples
// (see Mix.BodySize); it is checked against MaxBodySize before any work.
// Padding is the slow part (a validation per step of a binary search): it
// stops as soon as ctx is done, and NewCatalogContext then returns ctx.Err().
func NewCatalogContext(ctx context.Context, reg *registry.Registry, samples Samples, bodySize int) (*Catalog, error) {
	if err := checkBodySize(bodySize); err != nil {
		return nil, err
	}
	c := &Catalog{reg: reg}
	for _, id := range reg.Tenants() {
		t, _ := reg.Tenant(id)
		if err := c.addTenant(ctx, t, samples, bodySize); err != nil {
			return nil, err
		}
	}
	c.violable = slices.DeleteFunc(slices.Clone(c.valid), func(t target) bool { return len(t.violations) == 0 })
	c.addForgeries()
	if len(c.valid) == 0 {
		return nil, fmt.Errorf("producer: no active tenant of the registry has samples")
	}
	for _, id := range []string{"unknown-tenant-1", "unknown-tenant-2", "unknown-tenant-3"} {
		if _, ok := reg.Tenant(id); !ok {
			c.unknownTenants = append(c.unknownTenants, id)
		}
	}
	return c, nil
}

func (c *Catalog) addTenant(ctx context.Context, t registry.Tenant, samples Samples, bodySize int) error {
	for _, producer := range slices.Sorted(maps.Keys(t.Producers)) {
		for _, typ := range t.Producers[producer] {
			et := t.EventTypes[typ]
			for _, version := range et.Versions {
				if err := ctx.Err(); err != nil {
					return fmt.Errorf("producer: build the catalog: %w", err)
				}
				tg := target{tenant: t.ID, producer: producer, eventType: typ, version: version, explicitVersion: version != et.DefaultVersion}
				valid, invalid := samples(t.ID, typ, version)
				if err := c.addTarget(ctx, t, tg, valid, invalid, bodySize); err != nil {
					return err
				}
			}
		}
	}
	return nil
}

func (c *Catalog) addTarget(ctx context.Context, t registry.Tenant, tg target, data, invalid []json.RawMessage, bodySize int) error {
	if len(data) == 0 {
		return nil
	}
	if !t.Active {
		tg.templates = []template{newTemplate(data[0])}
		c.suspended = append(c.suspended, tg)
		return nil
	}
	if err := c.prepare(ctx, &tg, data, bodySize); err != nil {
		return err
	}
	c.addViolations(&tg, invalid)
	c.valid = append(c.valid, tg)
	if tg.producer == envelope.LegacyProducer && !tg.explicitVersion {
		c.legacy = append(c.legacy, tg)
	}
	return nil
}

// prepare checks tg's valid samples and pads them.
func (c *Catalog) prepare(ctx context.Context, tg *target, data []json.RawMessage, bodySize int) error {
	for _, d := range data {
		if err := c.check(*tg, d); err != nil {
			return fmt.Errorf("producer: sample of %s/%s/%s: %w", tg.tenant, tg.eventType, tg.version, err)
		}
		padded := c.pad(ctx, *tg, compact(d), bodySize)
		if err := ctx.Err(); err != nil {
			return fmt.Errorf("producer: build the catalog: %w", err)
		}
		tpl := newTemplate(padded)
		if !c.valid0(*tg, tpl.vary(fixedUUIDs())) {
			tpl.uuids = false // varying its UUIDs breaks it: send it as it is
		}
		tg.templates = append(tg.templates, tpl)
	}
	return nil
}

// Tenants returns the active tenants that valid events are drawn for.
func (c *Catalog) Tenants() []string {
	return c.distinct(func(tg target) string { return tg.tenant })
}

// EventTypes returns the distinct event types that valid events are drawn for.
func (c *Catalog) EventTypes() []string {
	return c.distinct(func(tg target) string { return tg.eventType })
}

// distinct returns the field of the valid and legacy targets, sorted, once
// each.
func (c *Catalog) distinct(field func(target) string) []string {
	var out []string
	for _, tg := range append(slices.Clone(c.valid), c.legacy...) {
		out = append(out, field(tg))
	}
	slices.Sort(out)
	return slices.Compact(out)
}

// compact removes the insignificant space of a JSON document.
func compact(doc []byte) []byte {
	var b bytes.Buffer
	if json.Compact(&b, doc) != nil {
		return doc
	}
	return b.Bytes()
}
