package poisonadmin

import "strings"

// maxReasonLength bounds a discard reason, in bytes.
const maxReasonLength = 1000

// DiscardOptions selects the records to discard and says why.
type DiscardOptions struct {
	// Filter selects the records; only open ones are discarded. An empty
	// filter is refused unless All.
	Filter Filter
	// All allows an empty Filter: discard every open record.
	All bool
	// Reason is recorded with each discard. Required; at most 1000 bytes.
	Reason string
	// DryRun counts and lists, and records nothing.
	DryRun bool
}

// Validate reports, as one *UsageError, every invalid option: a bad
// filter, no selection (no ids, no filter and not All), a missing or too
// long reason. Discard calls it first.
func (o DiscardOptions) Validate() error {
	errs := []error{o.Filter.Validate()}
	if !o.Filter.selects() && !o.All {
		errs = append(errs, usagef("no records selected: give ids or filters, or --all to discard every open record"))
	}
	if strings.TrimSpace(o.Reason) == "" {
		errs = append(errs, usagef("a discard needs a reason (--reason)"))
	}
	if len(o.Reason) > maxReasonLength {
		errs = append(errs, usagef("reason of %d bytes exceeds %d bytes", len(o.Reason), maxReasonLength))
	}
	return joinUsage(errs...)
}
