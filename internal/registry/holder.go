package registry

import (
	"fmt"
	"sync/atomic"
)

// Holder shares the current Registry between the goroutines that validate
// events and the one that reloads it. The zero Holder holds nothing: use
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

// Reload loads a registry with load and swaps it in if its Digest differs
// from the current one's. On error the current registry stays in force.
// It reports whether the registry changed; concurrent Reloads race, the last
// swap wins.
func (h *Holder) Reload(load func() (*Registry, error)) (changed bool, err error) {
	r, err := load()
	if err != nil {
		return false, fmt.Errorf("reload registry: %w", err)
	}
	if cur := h.Current(); cur != nil && cur.Digest() == r.Digest() {
		return false, nil
	}
	h.Swap(r)
	return true, nil
}
