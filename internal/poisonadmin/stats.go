package poisonadmin

import (
	"context"
	"fmt"

	"github.com/jackc/pgx/v5"

	"github.com/eventmesh/processor/internal/poison"
)

// StatsRow counts the records of one tenant, event type and error class.
type StatsRow struct {
	Tenant    string
	EventType string
	Class     string
	Open      int
	Replayed  int
	Discarded int
	Total     int
}

// Stats counts the records f selects, grouped by tenant, event type and
// error class, most records first. A record whose tenant or event type is
// unknown (a body that could not be decoded) counts under "".
func (a *Admin) Stats(ctx context.Context, f Filter) ([]StatsRow, error) {
	if err := f.Validate(); err != nil {
		return nil, err
	}
	f, err := a.resolveIDs(ctx, f)
	if err != nil {
		return nil, err
	}
	q := &query{}
	q.filter(f)
	sql := `SELECT coalesce(r.tenant, ''), coalesce(r.event_type, ''), coalesce(r.class, ''),
		count(*) FILTER (WHERE r.status = 'open'),
		count(*) FILTER (WHERE r.status = 'replayed'),
		count(*) FILTER (WHERE r.status = 'discarded'),
		count(*)
		FROM ` + poison.RecordsSQL + q.whereSQL() + `
		GROUP BY 1, 2, 3 ORDER BY 7 DESC, 1, 2, 3`
	rows, err := a.cfg.Pool.Query(ctx, sql, q.args...)
	if err != nil {
		return nil, fmt.Errorf("count poison records: %w", err)
	}
	stats, err := pgx.CollectRows(rows, pgx.RowToStructByPos[StatsRow])
	if err != nil {
		return nil, fmt.Errorf("count poison records: %w", err)
	}
	return stats, nil
}
