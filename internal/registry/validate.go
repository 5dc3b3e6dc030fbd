package registry

import (
	"errors"
	"fmt"

	"github.com/santhosh-tekuri/jsonschema/v6"

	"github.com/eventmesh/processor/internal/envelope"
	"github.com/eventmesh/processor/internal/rejection"
)

// Validate checks a decoded event against the registry, in this order, and
// returns the first failure as a *rejection.Error of the class given:
//
//  1. the tenant exists (ClassTenantUnknown) and
//  2. is active (ClassTenantInactive);
//  3. the producer belongs to the tenant (ClassProducer);
//  4. the event type exists for the tenant (ClassEventType);
//  5. the producer may emit that type (ClassProducer);
//  6. the schema version exists (ClassSchemaVersion); an event without one
//     gets the type's default version, written to ev.SchemaVersion;
//  7. Data matches the schema (ClassSchema, one Violation per validator
//     error, its Path a JSON Pointer into Data, at most MaxViolations).
//
// Lookups are exact: no case folding, trimming or Unicode normalisation.
// Validate is safe for concurrent use (on distinct events).
func (r *Registry) Validate(ev *envelope.Event) error {
	t, ok := r.tenants[ev.Tenant]
	switch {
	case !ok:
		return reject(ev, rejection.ClassTenantUnknown, fmt.Errorf("tenant %q is not in the registry", ev.Tenant))
	case !t.info.Active:
		return reject(ev, rejection.ClassTenantInactive, fmt.Errorf("tenant %q is suspended", ev.Tenant))
	}
	et, err := t.eventType(ev)
	if err != nil {
		return err
	}
	sch, err := et.schema(ev)
	if err != nil {
		return err
	}
	return validateData(sch, ev)
}

func (t *tenant) eventType(ev *envelope.Event) (*eventType, error) {
	allowed, ok := t.producers[ev.Producer]
	if !ok {
		return nil, reject(ev, rejection.ClassProducer, fmt.Errorf("producer %q is not a producer of tenant %q", ev.Producer, ev.Tenant))
	}
	et, ok := t.types[ev.Type]
	if !ok {
		return nil, reject(ev, rejection.ClassEventType, fmt.Errorf("event type %q is not an event type of tenant %q", ev.Type, ev.Tenant))
	}
	if !allowed[ev.Type] {
		return nil, reject(ev, rejection.ClassProducer, fmt.Errorf("producer %q may not emit %q events", ev.Producer, ev.Type))
	}
	return et, nil
}

func (et *eventType) schema(ev *envelope.Event) (*jsonschema.Schema, error) {
	if ev.SchemaVersion == "" {
		ev.SchemaVersion = et.defaultVersion
	}
	sch, ok := et.versions[ev.SchemaVersion]
	if !ok {
		return nil, reject(ev, rejection.ClassSchemaVersion, fmt.Errorf("event type %q has no schema version %q", ev.Type, ev.SchemaVersion))
	}
	return sch, nil
}

func validateData(sch *jsonschema.Schema, ev *envelope.Event) error {
	doc, err := envelope.ParseJSON(ev.Data)
	if err != nil {
		rejected := reject(ev, rejection.ClassEnvelope, fmt.Errorf("data is not JSON: %w", err))
		rejected.Violations = []rejection.Violation{{Path: "", Message: err.Error()}}
		return rejected
	}
	err = sch.Validate(doc)
	var invalid *jsonschema.ValidationError
	if errors.As(err, &invalid) {
		rejected := reject(ev, rejection.ClassSchema, fmt.Errorf("data does not match schema %s/%s/%s", ev.Tenant, ev.Type, ev.SchemaVersion))
		rejected.Violations = violations(invalid)
		return rejected
	}
	if err != nil {
		return fmt.Errorf("validate data of event %s: %w", ev.ID, err)
	}
	return nil
}

func reject(ev *envelope.Event, class rejection.Class, err error) *rejection.Error {
	return &rejection.Error{
		Class: class, Tenant: ev.Tenant, Producer: ev.Producer, EventType: ev.Type,
		SchemaVersion: ev.SchemaVersion, EventID: ev.ID, Err: err,
	}
}
