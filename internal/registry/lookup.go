package registry

import "github.com/eventmesh/processor/internal/producerauth"

// HasTenant reports whether a tenant with exactly this id exists (active or
// not). Cheaper than Tenant: nothing is copied.
func (r *Registry) HasTenant(id string) bool {
	_, ok := r.tenants[id]
	return ok
}

// HasEventType reports whether the tenant exists and has this event type.
func (r *Registry) HasEventType(tenant, eventType string) bool {
	t, ok := r.tenants[tenant]
	if !ok {
		return false
	}
	_, ok = t.types[eventType]
	return ok
}

// ProducerPolicy returns how the producer of the tenant proves who it is
// (its tenant file's authentication entry, keys resolved at load), if the
// tenant has that producer.
func (r *Registry) ProducerPolicy(tenant, producer string) (producerauth.Policy, bool) {
	t, ok := r.tenants[tenant]
	if !ok {
		return producerauth.Policy{}, false
	}
	p, ok := t.auth[producer]
	return p, ok
}
