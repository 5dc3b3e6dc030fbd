package poisonadmin

import "github.com/eventmesh/processor/internal/rejection"

// ReplayResult is the outcome of one open record of a replay.
type ReplayResult struct {
	RecordUUID string
	Tenant     string
	EventType  string
	// Class is the record's original rejection class.
	Class rejection.Class
	Prediction
	// Sent: the message was sent and the send confirmed; in a dry run,
	// that it would be sent.
	Sent bool
}

// ReplayReport sums up a replay.
type ReplayReport struct {
	RunID  string
	DryRun bool
	Queue  string
	// Matched counts the records the filter selected; Settled those of
	// them already replayed or discarded (skipped).
	Matched int
	Settled int
	// Verdicts counts the open records examined by verdict.
	Verdicts map[Verdict]int
	// Sent counts the messages sent (in a dry run: that would be sent).
	Sent int
	// Results has one entry per open record examined, in order.
	Results []ReplayResult
}

func (rep *ReplayReport) add(res ReplayResult) {
	rep.Verdicts[res.Verdict]++
	if res.Sent {
		rep.Sent++
	}
	rep.Results = append(rep.Results, res)
}

func newResult(r *Record, p Prediction) ReplayResult {
	p.Message = nil // the body stays with the record; results are kept for the whole run
	return ReplayResult{RecordUUID: r.UUID, Tenant: r.Tenant, EventType: r.EventType, Class: r.Class, Prediction: p}
}
