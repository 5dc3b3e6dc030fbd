package poisonadmin

import (
	"cmp"
	"errors"
)

// Limits of ReplayOptions.Rate, in messages per second.
const (
	DefaultReplayRate = 50.0
	MaxReplayRate     = 10_000.0
)

// ReplayOptions selects the records to replay and how.
type ReplayOptions struct {
	// Filter selects the records. Only open records are replayed; the
	// others are counted as settled. An empty filter is refused unless All.
	Filter Filter
	// All allows an empty Filter: replay every open record.
	All bool
	// DryRun predicts and reports, and sends and records nothing.
	DryRun bool
	// Force also sends records predicted to fail (for a registry the tool
	// cannot see). Unsendable records are never sent.
	Force bool
	// ReSign replaces the event_signature of each record of a producer
	// declared hmac-sha256 with its signature under the producer's current
	// key (the tool's environment must hold the key, as the processor's),
	// and records ReSignReason with the replay in poison_actions. Without
	// it a replay keeps the record's attributes, and an event rejected for
	// a bad signature is predicted to fail again. Default false.
	ReSign bool
	// Rate is the most messages sent per second. Default 50, at most 10000.
	Rate float64
	// Limit is the most records sent by this run; 0, the default, means no
	// limit. Not negative.
	Limit int
	// OnResult, when set, is called after each open record is decided (and
	// sent), in order: for progress output.
	OnResult func(ReplayResult)
}

func (o ReplayOptions) withDefaults() ReplayOptions {
	o.Rate = cmp.Or(o.Rate, DefaultReplayRate)
	return o
}

// Validate reports, as one *UsageError, every invalid option: a bad
// filter, no selection (no ids, no filter and not All), a rate outside
// (0, MaxReplayRate] or a negative limit. Replay calls it first, after
// defaults.
func (o ReplayOptions) Validate() error {
	errs := []error{o.Filter.Validate()}
	if !o.Filter.selects() && !o.All {
		errs = append(errs, usagef("no records selected: give ids or filters, or --all to replay every open record"))
	}
	if !(o.Rate > 0 && o.Rate <= MaxReplayRate) {
		errs = append(errs, usagef("rate %g is outside (0, %g] messages per second", o.Rate, MaxReplayRate))
	}
	if o.Limit < 0 {
		errs = append(errs, usagef("limit %d is negative", o.Limit))
	}
	return joinUsage(errs...)
}

// checkConfig reports what the Admin's Config lacks for this replay.
func (a *Admin) checkConfig(o ReplayOptions) error {
	if a.cfg.Registry == nil {
		return errors.New("poisonadmin: Config.Registry is required to replay")
	}
	if !o.DryRun && a.cfg.AWS.Credentials == nil {
		return errors.New("poisonadmin: Config.AWS.Credentials is required to replay")
	}
	return nil
}
