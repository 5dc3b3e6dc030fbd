package delivery

import (
	"cmp"
	"fmt"
)

// Defaults and limits of ListFilter.
const (
	DefaultListLimit = 50
	MaxListLimit     = 10_000
)

// ListFilter selects deliveries; empty fields match everything.
type ListFilter struct {
	Tenant, EndpointID string
	Status             Status
	// Limit is the most rows returned, newest first. Default
	// DefaultListLimit (50); between 1 and MaxListLimit. A zero takes the
	// default: it never means no rows.
	Limit int
}

func (f ListFilter) withDefaults() ListFilter {
	f.Limit = cmp.Or(f.Limit, DefaultListLimit)
	return f
}

// Validate reports a Limit outside its limits. List calls it after the
// defaults.
func (f ListFilter) Validate() error {
	if f.Limit < 1 || f.Limit > MaxListLimit {
		return fmt.Errorf("delivery: ListFilter.Limit must be in [1, %d], got %d", MaxListLimit, f.Limit)
	}
	return nil
}
