package poisonadmin

import (
	"context"
	"fmt"

	"github.com/google/uuid"
)

// DiscardReport sums up a discard.
type DiscardReport struct {
	RunID  string
	DryRun bool
	// Matched counts the records selected; Settled those already replayed
	// or discarded (left as they are).
	Matched int
	Settled int
	// Discarded lists the uuids of the records discarded (in a dry run:
	// that would be).
	Discarded []string
}

// Discard marks the open records opts selects as dealt with, recording who,
// when and why. Nothing is deleted: the records stay listable (status
// discarded), and one poisoned again later is open again.
func (a *Admin) Discard(ctx context.Context, opts DiscardOptions) (*DiscardReport, error) {
	if err := opts.Validate(); err != nil {
		return nil, err
	}
	filter, err := a.resolveIDs(ctx, opts.Filter)
	if err != nil {
		return nil, err
	}
	if !opts.DryRun {
		unlock, err := a.lockActions(ctx)
		if err != nil {
			return nil, err
		}
		defer unlock()
	}
	report := &DiscardReport{RunID: uuid.NewString(), DryRun: opts.DryRun}
	var open []*Record
	err = a.eachRecord(ctx, filter, func(r *Record) error {
		report.Matched++
		if r.Status != StatusOpen {
			report.Settled++
			return nil
		}
		report.Discarded = append(report.Discarded, r.UUID)
		if open = append(open, r); len(open) == eachPage {
			return a.flushDiscards(ctx, opts, report, &open)
		}
		return nil
	})
	if err == nil {
		err = a.flushDiscards(ctx, opts, report, &open)
	}
	if err != nil {
		return report, fmt.Errorf("discard: %w", err)
	}
	return report, nil
}

func (a *Admin) flushDiscards(ctx context.Context, opts DiscardOptions, report *DiscardReport, open *[]*Record) error {
	defer func() { *open = (*open)[:0] }()
	if opts.DryRun || len(*open) == 0 {
		return nil
	}
	return a.discardAll(ctx, report.RunID, opts.Reason, *open)
}
