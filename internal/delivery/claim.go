package delivery

import (
	"context"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"
)

// Claimed is a delivery leased to one worker until its lease ends.
type Claimed struct {
	ID           int64
	WebhookID    string
	Tenant       string
	EndpointID   string
	EventType    string
	Body         []byte
	Attempts     int
	RetriesSpent int
	Throttles    int
	StoredAt     time.Time
	// CreatedAt is when the delivery was recorded (or recovered).
	CreatedAt time.Time
	// Owner is the lease; Complete changes the row only while it holds.
	Owner string
}

// ClaimParams bound a claim.
type ClaimParams struct {
	// Owner names the lease (unique per claim).
	Owner string
	// Limit is the most rows claimed; PerEndpoint the most of one endpoint.
	Limit, PerEndpoint int
	// Exclude lists endpoint keys ("tenant/endpoint") not to claim: those
	// at their in-flight bound, rate limit, paused or with an open circuit.
	Exclude []string
	// Lease is how long the rows stay claimed: a worker that dies loses
	// them after it, and another claims them.
	Lease time.Duration
}

// claimSQL locks due rows in due order, skipping rows others hold, keeps at
// most PerEndpoint of each endpoint, and leases them by moving their due
// time past the lease.
const claimSQL = `WITH candidates AS (
    SELECT id, tenant, endpoint_id, next_attempt_at FROM sender_deliveries
    WHERE status = 'pending' AND next_attempt_at <= now()
      AND NOT (tenant || '/' || endpoint_id = ANY($1::text[]))
    ORDER BY next_attempt_at
    LIMIT $2
    FOR UPDATE SKIP LOCKED
), ranked AS (
    SELECT id, next_attempt_at,
           row_number() OVER (PARTITION BY tenant, endpoint_id ORDER BY next_attempt_at, id) AS rn
    FROM candidates
), chosen AS (
    SELECT id FROM ranked WHERE rn <= $5 ORDER BY next_attempt_at, id LIMIT $6
)
UPDATE sender_deliveries d
SET next_attempt_at = now() + make_interval(secs => $3), lease_owner = $4
FROM chosen c
WHERE d.id = c.id
RETURNING ` + claimedColumns

// Claim leases up to p.Limit due deliveries of any endpoint but those
// excluded. It reads the due backlog in due order, the excluded endpoints'
// rows included: the sender uses ClaimEndpoints for the endpoints it knows
// and Claim, now and then, for the rows of endpoints it does not (an
// unsubscribed one's rows are then skipped).
func Claim(ctx context.Context, pool *pgxpool.Pool, p ClaimParams) ([]Claimed, error) {
	exclude := p.Exclude
	if exclude == nil {
		exclude = []string{}
	}
	rows, err := pool.Query(ctx, claimSQL, exclude, p.Limit*4, p.Lease.Seconds(), p.Owner, max(p.PerEndpoint, 1), p.Limit)
	if err != nil {
		return nil, fmt.Errorf("claim deliveries: %w", err)
	}
	return collectClaimed(rows, p.Owner)
}
