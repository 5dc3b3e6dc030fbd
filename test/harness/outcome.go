package harness

import (
	"context"
	"fmt"
	"maps"
	"slices"

	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/eventmesh/processor/internal/pgcode"
	"github.com/eventmesh/processor/internal/producer"
	"github.com/eventmesh/processor/internal/rejection"
	"github.com/eventmesh/processor/internal/store"
)

// Key identifies a stored event: the store is idempotent on it.
type Key struct{ Tenant, ID string }

// PoisonRecord is what a test reads back of a poison record.
type PoisonRecord struct {
	UUID, Class, Tenant, EventID, CorrelationID, SQSMessageID, SeenCount string
}

// Outcome is what the processor stored and poisoned in a database.
type Outcome struct {
	Stored map[Key]int // rows by tenant and event id
	Poison []PoisonRecord
}

// StoredTotal is the number of stored rows.
func (o Outcome) StoredTotal() int {
	n := 0
	for _, c := range o.Stored {
		n += c
	}
	return n
}

// ReadOutcome reads every event row of tenants' tables (those that exist) and
// every poison record of the database.
func ReadOutcome(ctx context.Context, pool *pgxpool.Pool, tenants []string) (Outcome, error) {
	out := Outcome{Stored: map[Key]int{}}
	for _, tenant := range tenants {
		if err := readStored(ctx, pool, tenant, out.Stored); err != nil {
			return out, err
		}
	}
	rows, err := pool.Query(ctx, `SELECT "uuid", metadata->>'reason_class', coalesce(metadata->>'tenant', ''),
		coalesce(metadata->>'event_id', ''), coalesce(metadata->>'correlation_id', ''), coalesce(metadata->>'sqs_message_id', ''), coalesce(metadata->>'seen_count', '')
		FROM watermill_poison`)
	if err != nil {
		if pgcode.Is(err, pgcode.UndefinedTable) {
			return out, nil // the processor has not created it yet
		}
		return out, fmt.Errorf("read poison records: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var r PoisonRecord
		if err := rows.Scan(&r.UUID, &r.Class, &r.Tenant, &r.EventID, &r.CorrelationID, &r.SQSMessageID, &r.SeenCount); err != nil {
			return out, err
		}
		out.Poison = append(out.Poison, r)
	}
	return out, rows.Err()
}

func readStored(ctx context.Context, pool *pgxpool.Pool, tenant string, into map[Key]int) error {
	topic, err := store.EventsTopic(tenant)
	if err != nil {
		return err
	}
	table := store.NewTopicSchema().MessagesTable(topic)
	var exists bool
	if err := pool.QueryRow(ctx, `SELECT to_regclass($1) IS NOT NULL`, table).Scan(&exists); err != nil || !exists {
		return err
	}
	rows, err := pool.Query(ctx, `SELECT metadata->>'event_id', count(*) FROM `+table+` GROUP BY 1`)
	if err != nil {
		return fmt.Errorf("read events of %s: %w", tenant, err)
	}
	defer rows.Close()
	for rows.Next() {
		var id string
		var n int
		if err := rows.Scan(&id, &n); err != nil {
			return err
		}
		into[Key{tenant, id}] += n
	}
	return rows.Err()
}

// Expectation is what a set of sent messages must become.
type Expectation struct {
	Stored    map[Key]bool               // events stored exactly once
	Invalid   map[string]rejection.Class // poisoned messages by correlation id
	Conflicts map[Key]bool               // reused ids: one conflict record each
}

// Expect derives the expected outcome of sent: valid, legacy and duplicate
// messages store their event once; each invalid message gets one poison
// record of its kind's class; of a conflicting pair (same id, other data)
// one is stored and the other poisoned as event_id_conflict, whichever the
// processor saw first.
func Expect(sent []Sent) Expectation {
	e := Expectation{Stored: map[Key]bool{}, Invalid: map[string]rejection.Class{}, Conflicts: map[Key]bool{}}
	for _, m := range sent {
		switch m.Kind {
		case producer.KindLegacy:
			e.Stored[Key{m.Tenant, m.SQSMessageID}] = true
		case producer.KindValid, producer.KindDuplicate:
			e.Stored[Key{m.Tenant, m.EventID}] = true
		case producer.KindConflict:
			e.Stored[Key{m.Tenant, m.EventID}] = true
			e.Conflicts[Key{m.Tenant, m.EventID}] = true
		default:
			e.Invalid[m.CorrelationID] = m.Kind.Class()
		}
	}
	return e
}

// Poisoned is the number of poison records expected.
func (e Expectation) Poisoned() int { return len(e.Invalid) + len(e.Conflicts) }

// Figures compare an outcome with an expectation.
type Figures struct {
	Stored, Poisoned int // rows and records found
	WantStored       int
	WantPoisoned     int
	Missing          int // expected events or records not found
	Duplicated       int // rows or records beyond the first of each
	Unexpected       int // rows or records nobody expected
	WrongClass       int // records of another class than expected
	Problems         []string
}

// OK reports whether the outcome is exactly the expected one.
func (f Figures) OK() bool {
	return f.Missing == 0 && f.Duplicated == 0 && f.Unexpected == 0 && f.WrongClass == 0
}

func (f Figures) String() string {
	return fmt.Sprintf("stored %d/%d, poisoned %d/%d, missing %d, duplicated %d, unexpected %d, wrong class %d",
		f.Stored, f.WantStored, f.Poisoned, f.WantPoisoned, f.Missing, f.Duplicated, f.Unexpected, f.WrongClass)
}

func (f *Figures) problem(format string, args ...any) {
	if len(f.Problems) < 20 {
		f.Problems = append(f.Problems, fmt.Sprintf(format, args...))
	}
}

// Compare checks o against e, record by record.
func (e Expectation) Compare(o Outcome) Figures {
	f := Figures{Stored: o.StoredTotal(), Poisoned: len(o.Poison), WantStored: len(e.Stored), WantPoisoned: e.Poisoned()}
	for k := range e.Stored {
		switch n := o.Stored[k]; {
		case n == 0:
			f.Missing++
			f.problem("event %s/%s not stored", k.Tenant, k.ID)
		case n > 1:
			f.Duplicated += n - 1
			f.problem("event %s/%s stored %d times", k.Tenant, k.ID, n)
		}
	}
	for k, n := range o.Stored {
		if !e.Stored[k] {
			f.Unexpected += n
			f.problem("unexpected stored event %s/%s", k.Tenant, k.ID)
		}
	}
	e.comparePoison(o.Poison, &f)
	return f
}

func (e Expectation) comparePoison(records []PoisonRecord, f *Figures) {
	byCorrelation := map[string][]PoisonRecord{}
	conflicts := map[Key]int{}
	for _, r := range records {
		if r.Class == string(rejection.ClassConflict) && e.Conflicts[Key{r.Tenant, r.EventID}] {
			conflicts[Key{r.Tenant, r.EventID}]++
			continue
		}
		byCorrelation[r.CorrelationID] = append(byCorrelation[r.CorrelationID], r)
	}
	for id, class := range e.Invalid {
		got := byCorrelation[id]
		switch {
		case len(got) == 0:
			f.Missing++
			f.problem("no poison record for message %s (%s)", id, class)
		case len(got) > 1:
			f.Duplicated += len(got) - 1
			f.problem("%d poison records for message %s", len(got), id)
		}
		if len(got) > 0 && got[0].Class != string(class) {
			f.WrongClass++
			f.problem("message %s poisoned as %s, want %s", id, got[0].Class, class)
		}
	}
	for k := range e.Conflicts {
		switch n := conflicts[k]; {
		case n == 0:
			f.Missing++
			f.problem("no conflict record for %s/%s", k.Tenant, k.ID)
		case n > 1:
			f.Duplicated += n - 1
		}
	}
	for _, id := range slices.Sorted(maps.Keys(byCorrelation)) {
		if _, ok := e.Invalid[id]; !ok {
			f.Unexpected += len(byCorrelation[id])
			r := byCorrelation[id][0]
			f.problem("unexpected poison record %s: %s %s/%s", r.UUID, r.Class, r.Tenant, r.EventID)
		}
	}
}
