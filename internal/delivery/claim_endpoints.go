package delivery

import (
	"context"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
)

// Room is how many deliveries one endpoint can take now.
type Room struct {
	Tenant, EndpointID string
	Max                int
}

// claimEndpointsSQL locks, for each endpoint of the list, its oldest due
// rows up to its room (an index range scan per endpoint: the backlog of
// endpoints left out is never read), keeps the oldest Limit of all, and
// leases them.
const claimEndpointsSQL = `WITH chosen AS (
    SELECT x.id FROM unnest($1::text[], $2::text[], $3::int[]) AS e(tenant, endpoint_id, room)
    CROSS JOIN LATERAL (
        SELECT id, next_attempt_at FROM sender_deliveries d
        WHERE d.tenant = e.tenant AND d.endpoint_id = e.endpoint_id
          AND d.status = 'pending' AND d.next_attempt_at <= now()
        ORDER BY d.next_attempt_at LIMIT e.room
        FOR UPDATE SKIP LOCKED) x
    ORDER BY x.next_attempt_at LIMIT $4
)
UPDATE sender_deliveries d
SET next_attempt_at = now() + make_interval(secs => $5), lease_owner = $6
FROM chosen c
WHERE d.id = c.id
RETURNING ` + claimedColumns

const claimedColumns = `d.id, d.webhook_id, d.tenant, d.endpoint_id, d.event_type, d.body, d.attempts, d.retries_spent, d.throttles, d.stored_at, d.created_at`

// ClaimEndpoints leases up to limit due deliveries of the endpoints in
// rooms, at most each one's Max, oldest first, for lease.
func ClaimEndpoints(ctx context.Context, pool *pgxpool.Pool, owner string, rooms []Room, limit int, lease time.Duration) ([]Claimed, error) {
	if len(rooms) == 0 || limit < 1 {
		return nil, nil
	}
	tenants, endpoints, max := make([]string, len(rooms)), make([]string, len(rooms)), make([]int32, len(rooms))
	for i, r := range rooms {
		tenants[i], endpoints[i], max[i] = r.Tenant, r.EndpointID, int32(r.Max)
	}
	rows, err := pool.Query(ctx, claimEndpointsSQL, tenants, endpoints, max, limit, lease.Seconds(), owner)
	if err != nil {
		return nil, fmt.Errorf("claim deliveries: %w", err)
	}
	return collectClaimed(rows, owner)
}

func collectClaimed(rows pgx.Rows, owner string) ([]Claimed, error) {
	claimed, err := pgx.CollectRows(rows, func(row pgx.CollectableRow) (Claimed, error) {
		c := Claimed{Owner: owner}
		err := row.Scan(&c.ID, &c.WebhookID, &c.Tenant, &c.EndpointID, &c.EventType, &c.Body,
			&c.Attempts, &c.RetriesSpent, &c.Throttles, &c.StoredAt, &c.CreatedAt)
		return c, err
	})
	if err != nil {
		return nil, fmt.Errorf("claim deliveries: %w", err)
	}
	return claimed, nil
}
