package producer

import (
	"cmp"
	"maps"
	"slices"
	"time"

	"github.com/eventmesh/processor/internal/rejection"
)

// Report is what a Publish run sent and what the database should show once
// the processor has consumed it all.
type Report struct {
	// Seed and Epoch reproduce the workload (set by the caller: Publish does
	// not know them).
	Seed  uint64    `json:"seed"`
	Epoch time.Time `json:"epoch"`
	// Started and Elapsed time the run.
	Started time.Time     `json:"started"`
	Elapsed time.Duration `json:"elapsed_ns"`
	// PerSecond is Sent over Elapsed.
	PerSecond float64 `json:"per_second"`
	// Sent counts the messages SQS accepted; only they count below.
	Sent int `json:"sent"`
	// Retries counts failed attempts that were retried. A retried send that
	// had in fact reached SQS is delivered twice: harmless for CloudEvents
	// (same id, stored once), a second stored event for the legacy format.
	Retries int `json:"retries"`
	// Failed counts messages given up after a permanent error (SQS refused
	// them); Unsent those still pending when the run was interrupted.
	Failed int `json:"failed"`
	Unsent int `json:"unsent"`
	// Rows counts the sent messages by tenant, event type and kind.
	Rows []RowCount `json:"rows"`
	// Expected is the outcome the processor must produce.
	Expected Expected `json:"expected"`
}

// Row is a tenant, event type and kind, as the messages claim them ("" when
// a body names none).
type Row struct {
	Tenant string `json:"tenant"`
	Type   string `json:"event_type"`
	Kind   Kind   `json:"kind"`
}

// RowCount is the number of messages sent for a Row.
type RowCount struct {
	Row
	Count int `json:"count"`
}

// Expected is the database outcome of the sent messages.
type Expected struct {
	// Stored is the number of unique valid events, rows of the tenants'
	// "watermill_events_<tenant>" tables; StoredByTenant splits it.
	Stored         int            `json:"stored"`
	StoredByTenant map[string]int `json:"stored_by_tenant"`
	// Duplicates counts exact re-sends of stored events: absorbed, no row.
	Duplicates int `json:"duplicates"`
	// Poisoned is the number of poison records; PoisonedByClass splits it
	// by reason class.
	Poisoned        int                     `json:"poisoned"`
	PoisonedByClass map[rejection.Class]int `json:"poisoned_by_class"`
}

// CountKind returns the number of sent messages of kind k.
func (r *Report) CountKind(k Kind) int {
	n := 0
	for _, row := range r.Rows {
		if row.Kind == k {
			n += row.Count
		}
	}
	return n
}

// report freezes the tally into a Report.
func (t *tally) report() Report {
	t.mu.Lock()
	defer t.mu.Unlock()
	rows := make([]RowCount, 0, len(t.sent))
	sent := 0
	for row, n := range t.sent {
		rows = append(rows, RowCount{Row: row, Count: n})
		sent += n
	}
	slices.SortFunc(rows, func(a, b RowCount) int {
		return cmp.Or(cmp.Compare(a.Tenant, b.Tenant), cmp.Compare(a.Type, b.Type), cmp.Compare(a.Kind, b.Kind))
	})
	exp := t.exp
	exp.StoredByTenant = maps.Clone(exp.StoredByTenant)
	exp.PoisonedByClass = maps.Clone(exp.PoisonedByClass)
	return Report{Sent: sent, Rows: rows, Expected: exp}
}
