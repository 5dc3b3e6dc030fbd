package poisonadmin

import (
	"context"
	"errors"
	"fmt"

	"github.com/google/uuid"
)

// errStop ends eachRecord early without an error.
var errStop = errors.New("stop")

// Replay sends the open records opts selects back to the SQS queue, oldest
// first, at most opts.Rate a second. Each record is first re-validated
// locally (see Verdict); by default only records predicted to pass (or to
// be duplicates) are sent. Each send is recorded in poison_actions before
// it is made and confirmed after, so a record is never sent again once
// confirmed, and a replay interrupted by a crash resends at most the one
// unconfirmed record (at least once: the store keeps the event once).
//
// Cancelling ctx stops the replay between two records; the report so far is
// returned with the error. A missing queue is a *NotFoundError, bad options
// a *UsageError, a concurrent replay or discard ErrBusy.
func (a *Admin) Replay(ctx context.Context, opts ReplayOptions) (*ReplayReport, error) {
	opts = opts.withDefaults()
	if err := opts.Validate(); err != nil {
		return nil, err
	}
	if err := a.checkConfig(opts); err != nil {
		return nil, err
	}
	filter, err := a.resolveIDs(ctx, opts.Filter)
	if err != nil {
		return nil, err
	}
	run := &replayRun{admin: a, opts: opts, pacer: newPacer(opts.Rate), report: &ReplayReport{
		RunID: uuid.NewString(), DryRun: opts.DryRun, Queue: a.cfg.QueueName, Verdicts: map[Verdict]int{},
	}}
	if !opts.DryRun {
		unlock, err := a.lockActions(ctx)
		if err != nil {
			return nil, err
		}
		defer unlock()
		if run.publisher, err = a.newPublisher(ctx); err != nil {
			return nil, err
		}
	}
	err = a.eachRecord(ctx, filter, func(r *Record) error { return run.record(ctx, r) })
	if err != nil && !errors.Is(err, errStop) {
		return run.report, fmt.Errorf("replay stopped after %d sent: %w", run.report.Sent, err)
	}
	return run.report, nil
}

// replayRun is the state of one Replay.
type replayRun struct {
	admin     *Admin
	opts      ReplayOptions
	pacer     *pacer
	publisher *publisher
	report    *ReplayReport
}

func (run *replayRun) record(ctx context.Context, r *Record) error {
	run.report.Matched++
	if r.Status != StatusOpen {
		run.report.Settled++
		return nil
	}
	if run.opts.Limit > 0 && run.report.Sent >= run.opts.Limit {
		return errStop
	}
	p, err := run.admin.predict(ctx, r, run.opts.ReSign)
	if err != nil {
		return err
	}
	res := newResult(r, p)
	res.Sent = run.sends(p)
	if res.Sent && !run.opts.DryRun {
		err = run.send(ctx, r, p)
		res.Sent = err == nil
	}
	run.report.add(res)
	if run.opts.OnResult != nil {
		run.opts.OnResult(res)
	}
	return err
}

func (run *replayRun) sends(p Prediction) bool {
	switch p.Verdict {
	case VerdictPass, VerdictDuplicate:
		return true
	case VerdictFail:
		return run.opts.Force
	}
	return false
}

// send paces, records the intent, sends, and confirms (or records the
// failure). Cancelling ctx interrupts only the wait before the send.
func (run *replayRun) send(ctx context.Context, r *Record, p Prediction) error {
	if err := run.pacer.wait(ctx); err != nil {
		return err
	}
	reason := ""
	if p.ReSigned {
		reason = ReSignReason
	}
	id, err := run.admin.beginReplay(ctx, run.report.RunID, r, p.Message.UUID, reason)
	if err != nil {
		return err
	}
	sendErr := run.publisher.send(p.Message)
	if err := run.admin.settleReplay(ctx, id, sendErr); err != nil {
		return errors.Join(sendErr, err)
	}
	if sendErr != nil {
		return fmt.Errorf("send record %s: %w", r.UUID, sendErr)
	}
	return nil
}
