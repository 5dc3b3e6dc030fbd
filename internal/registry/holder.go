package registry

import "sync/atomic"

// Holder shares the current Registry between the goroutines that validate
// events and the one that reloads it (the processor's ReloadSchemas, which
// creates a new tenant's tables before it swaps). The zero Holder holds nothing: use
// NewHolder.
type Holder struct {
	current atomic.Pointer[Registry]
}

// NewHolder returns a Holder of r. It panics if r is nil: a processor
// without a registry cannot validate anything.
func NewHolder(r *Registry) *Holder {
	h := &Holder{}
	h.Swap(r)
	return h
}

// Current returns the registry in force. Callers validate a whole event
// against the one registry they got, even if a reload swaps it meanwhile.
func (h *Holder) Current() *Registry {
	return h.current.Load()
}

// Swap makes r the registry in force and returns the previous one (nil for
// the first). It panics if r is nil.
func (h *Holder) Swap(r *Registry) *Registry {
	if r == nil {
		panic("registry: a Holder cannot hold a nil Registry")
	}
	return h.current.Swap(r)
}
