package bench

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/eventmesh/processor/internal/producer"
	"github.com/eventmesh/processor/internal/rejection"
)

// Outcome is what a drained phase left in its database.
type Outcome struct {
	StoredByTenant  map[string]int
	Stored          int
	DuplicateRows   int // rows beyond the first of an event id (must be 0)
	PoisonedByClass map[rejection.Class]int
	Poisoned        int
}

// ReadOutcome counts the rows of every tenant table and of the poison queue.
func ReadOutcome(ctx context.Context, pool *pgxpool.Pool) (Outcome, error) {
	o := Outcome{StoredByTenant: map[string]int{}, PoisonedByClass: map[rejection.Class]int{}}
	tables, err := queryStrings(ctx, pool,
		`SELECT table_name FROM information_schema.tables WHERE table_name LIKE 'watermill\_events\_%' ORDER BY 1`)
	if err != nil {
		return o, err
	}
	for _, table := range tables {
		var rows, ids int
		q := `SELECT count(*), count(DISTINCT metadata->>'event_id') FROM ` + pgx.Identifier{table}.Sanitize()
		if err := pool.QueryRow(ctx, q).Scan(&rows, &ids); err != nil {
			return o, fmt.Errorf("count %s: %w", table, err)
		}
		if rows > 0 {
			o.StoredByTenant[strings.TrimPrefix(table, "watermill_events_")] = rows
		}
		o.Stored += rows
		o.DuplicateRows += rows - ids
	}
	classes, err := pool.Query(ctx, `SELECT metadata->>'reason_class', count(*) FROM watermill_poison GROUP BY 1`)
	if err != nil {
		return o, fmt.Errorf("count poison records: %w", err)
	}
	for classes.Next() {
		var class string
		var n int
		if err := classes.Scan(&class, &n); err != nil {
			return o, fmt.Errorf("count poison records: %w", err)
		}
		o.PoisonedByClass[rejection.Class(class)] = n
		o.Poisoned += n
	}
	return o, classes.Err()
}

func queryStrings(ctx context.Context, pool *pgxpool.Pool, q string) ([]string, error) {
	rows, err := pool.Query(ctx, q)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", q, err)
	}
	return pgx.CollectRows(rows, pgx.RowTo[string])
}

// Check compares o with what the producers' report expects: every valid
// unique event stored once in its tenant's table, every invalid message
// poisoned with its class, nothing else.
func (o Outcome) Check(want producer.Expected) error {
	var errs []error
	if o.Stored != want.Stored {
		errs = append(errs, fmt.Errorf("stored %d events, want %d", o.Stored, want.Stored))
	}
	if !maps.Equal(o.StoredByTenant, want.StoredByTenant) {
		errs = append(errs, fmt.Errorf("stored by tenant %v, want %v", o.StoredByTenant, want.StoredByTenant))
	}
	if o.DuplicateRows != 0 {
		errs = append(errs, fmt.Errorf("%d events stored more than once", o.DuplicateRows))
	}
	if o.Poisoned != want.Poisoned || !maps.Equal(o.PoisonedByClass, want.PoisonedByClass) {
		errs = append(errs, fmt.Errorf("poisoned %v, want %v", sortedCounts(o.PoisonedByClass), sortedCounts(want.PoisonedByClass)))
	}
	return errors.Join(errs...)
}

func sortedCounts(m map[rejection.Class]int) string {
	var parts []string
	for _, k := range slices.Sorted(maps.Keys(m)) {
		parts = append(parts, fmt.Sprintf("%s=%d", k, m[k]))
	}
	return strings.Join(parts, " ")
}

// CountBaseline returns the rows the baseline stored.
func CountBaseline(ctx context.Context, pool *pgxpool.Pool) (int, error) {
	var n int
	err := pool.QueryRow(ctx, `SELECT count(*) FROM "watermill_baseline"`).Scan(&n)
	return n, err
}
