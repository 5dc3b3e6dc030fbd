package delivery

import (
	"context"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"
)

// DefaultRetention is how long finished deliveries and their attempts are
// kept: 30 days.
const DefaultRetention = 30 * 24 * time.Hour

// DefaultCleanupBatch is how many deliveries one DELETE removes.
const DefaultCleanupBatch = 1000

// Cleanup deletes finished deliveries (delivered, failed, skipped) older
// than retention, with their attempts, batch rows per statement so no
// statement holds many locks or runs long. It returns how many it deleted;
// pending deliveries are never deleted.
func Cleanup(ctx context.Context, pool *pgxpool.Pool, retention time.Duration, batch int) (int64, error) {
	var total int64
	for {
		tag, err := pool.Exec(ctx, `DELETE FROM sender_deliveries WHERE id IN (
    SELECT id FROM sender_deliveries WHERE status <> 'pending' AND finished_at < now() - make_interval(secs => $1)
    LIMIT $2)`, retention.Seconds(), cmpOr(batch, DefaultCleanupBatch))
		if err != nil {
			return total, fmt.Errorf("delete deliveries older than %s: %w", retention, err)
		}
		total += tag.RowsAffected()
		if tag.RowsAffected() < int64(cmpOr(batch, DefaultCleanupBatch)) {
			return total, nil
		}
	}
}

// Backlog is the number of due deliveries of one endpoint.
type Backlog struct {
	Tenant, EndpointID string
	Due                int64
}

// DueBacklog counts the pending deliveries that are due now, by endpoint.
func DueBacklog(ctx context.Context, pool *pgxpool.Pool) ([]Backlog, error) {
	rows, err := pool.Query(ctx, `SELECT tenant, endpoint_id, count(*) FROM sender_deliveries
WHERE status = 'pending' AND next_attempt_at <= now() GROUP BY 1, 2`)
	if err != nil {
		return nil, fmt.Errorf("count due deliveries: %w", err)
	}
	var out []Backlog
	var b Backlog
	for rows.Next() {
		if err := rows.Scan(&b.Tenant, &b.EndpointID, &b.Due); err != nil {
			return nil, fmt.Errorf("count due deliveries: %w", err)
		}
		out = append(out, b)
	}
	return out, rows.Err()
}
