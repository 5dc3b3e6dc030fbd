// Package registry is the tenant registry: which tenants exist and are
// active, which producers each has and which event types they may emit, and
// the compiled JSON Schema of every event type and version.
//
// A Registry is loaded once from files (Load, LoadDir; default: the embedded
// schemas.FS), compiles every schema at load and is then immutable and safe
// for concurrent use. A Holder shares the current one and lets a reload swap
// in a new one without a restart.
package registry

import (
	"slices"

	"github.com/eventmesh/processor/internal/producerauth"

	"github.com/santhosh-tekuri/jsonschema/v6"
)

// Registry is a loaded, compiled tenant registry. It is immutable.
type Registry struct {
	tenants map[string]*tenant
	ids     []string // sorted
}

type tenant struct {
	info      Tenant
	producers map[string]map[string]bool // producer → event types it may emit
	auth      map[string]producerauth.Policy
	types     map[string]*eventType
}

type eventType struct {
	name           string
	defaultVersion string
	versions       map[string]*jsonschema.Schema
}

// Tenant describes a tenant of the registry. Values returned by
// Registry.Tenant are copies: changing them changes nothing.
type Tenant struct {
	// ID matches store.TenantIDPattern, ^[a-z0-9][a-z0-9_-]{0,31}$: at most
	// store.MaxTenantIDLength (32) bytes, so that every SQL name derived from
	// it fits in Postgres' 63-byte identifiers; and no two tenants of a
	// registry derive the same SQL name (store.CheckTenantNames).
	ID          string
	DisplayName string
	// Active is false for a suspended tenant: its events are rejected with
	// rejection.ClassTenantInactive.
	Active bool
	// Producers maps each producer id (the CloudEvents source) to the event
	// types it may emit, sorted.
	Producers map[string][]string
	// EventTypes maps each event type to its schema versions.
	EventTypes map[string]EventType
}

// EventType lists the schema versions of an event type.
type EventType struct {
	// DefaultVersion applies to events that name no version.
	DefaultVersion string
	// Versions, sorted.
	Versions []string
}

// Tenants returns the ids of every tenant, active or not, sorted.
func (r *Registry) Tenants() []string {
	return slices.Clone(r.ids)
}

// Tenant returns the tenant with exactly this id.
func (r *Registry) Tenant(id string) (Tenant, bool) {
	t, ok := r.tenants[id]
	if !ok {
		return Tenant{}, false
	}
	return t.info.clone(), true
}

func (t Tenant) clone() Tenant {
	c := t
	c.Producers = make(map[string][]string, len(t.Producers))
	for p, types := range t.Producers {
		c.Producers[p] = slices.Clone(types)
	}
	c.EventTypes = make(map[string]EventType, len(t.EventTypes))
	for name, et := range t.EventTypes {
		c.EventTypes[name] = EventType{DefaultVersion: et.DefaultVersion, Versions: slices.Clone(et.Versions)}
	}
	return c
}
