package main

import (
	"errors"
	"fmt"

	"github.com/eventmesh/processor/internal/producer"
)

// validate reports every flag outside its range at once, naming the flag
// and the range, before any work. The limits are the producer package's,
// which checks them again.
func (o options) validate() error {
	var errs []error
	check := func(ok bool, format string, args ...any) {
		if !ok {
			errs = append(errs, fmt.Errorf(format, args...))
		}
	}
	check(o.queue != "", "-queue must not be empty")
	check(producer.ValidRate(o.rate), "-rate must be 0 or in [%v, %v] messages per second, got %v", producer.MinRate, producer.MaxRate, o.rate)
	check(o.count >= 0, "-count must be >= 0 (0 for no limit), got %d", o.count)
	check(o.duration >= 0, "-duration must be >= 0 (0 for no limit), got %s", o.duration)
	check(isShare(o.invalid), "-invalid must be in [0, 1], got %v", o.invalid)
	check(isShare(o.duplicates), "-duplicates must be in [0, 1], got %v", o.duplicates)
	check(isShare(o.legacyShare), "-legacy-share must be in [0, 1], got %v", o.legacyShare)
	check(o.concurrency >= 1 && o.concurrency <= producer.MaxConcurrency, "-concurrency must be in [1, %d], got %d", producer.MaxConcurrency, o.concurrency)
	check(o.bodySize >= 0 && o.bodySize <= producer.MaxBodySize, "-body-size must be in [0, %d] bytes, got %d", producer.MaxBodySize, o.bodySize)
	errs = append(errs, o.validateKinds()...)
	if len(errs) > 0 {
		errs = append(errs, errors.New("(flags default to their environment variables: see producers -h)"))
	}
	return errors.Join(errs...)
}

// validateKinds checks -invalid-kinds, and that the invalid and duplicate
// shares leave room for valid events.
func (o options) validateKinds() []error {
	invalid := o.invalid
	if o.invalidKinds != "" {
		kinds, err := parseKinds(o.invalidKinds)
		if err != nil {
			return []error{err}
		}
		invalid = 0
		for kind, share := range kinds {
			if !isShare(share) {
				return []error{fmt.Errorf("-invalid-kinds: share of %s must be in [0, 1], got %v", kind, share)}
			}
			invalid += share
		}
	}
	if !o.legacy && invalid+o.duplicates > 1 {
		return []error{fmt.Errorf("-invalid (or -invalid-kinds) and -duplicates must add up to at most 1, got %v", invalid+o.duplicates)}
	}
	return nil
}

// isShare reports whether s is a fraction in [0, 1]; NaN is not.
func isShare(s float64) bool {
	return s >= 0 && s <= 1
}
