package delivery

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
)

// ErrNotFound is returned when no delivery or endpoint matches.
var ErrNotFound = errors.New("not found")

// Summary is a delivery without its body.
type Summary struct {
	ID            int64
	WebhookID     string
	Tenant        string
	EndpointID    string
	EventID       string
	EventType     string
	Status        Status
	Attempts      int
	RetriesSpent  int
	NextAttemptAt time.Time
	CreatedAt     time.Time
	FinishedAt    *time.Time
	LastStatus    *int
	LastError     *string
}

const summaryColumns = `id, webhook_id, tenant, endpoint_id, event_id, event_type, status, attempts, retries_spent,
    next_attempt_at, created_at, finished_at, last_status, last_error`

// List returns deliveries matching f, newest first. f takes its defaults
// first; a Limit outside its limits is refused.
func List(ctx context.Context, pool *pgxpool.Pool, f ListFilter) ([]Summary, error) {
	f = f.withDefaults()
	if err := f.Validate(); err != nil {
		return nil, err
	}
	rows, err := pool.Query(ctx, `SELECT `+summaryColumns+` FROM sender_deliveries
WHERE ($1 = '' OR tenant = $1) AND ($2 = '' OR endpoint_id = $2) AND ($3 = '' OR status = $3)
ORDER BY id DESC LIMIT $4`, f.Tenant, f.EndpointID, string(f.Status), f.Limit)
	if err != nil {
		return nil, fmt.Errorf("list deliveries: %w", err)
	}
	list, err := pgx.CollectRows(rows, pgx.RowToStructByPos[Summary])
	if err != nil {
		return nil, fmt.Errorf("list deliveries: %w", err)
	}
	return list, nil
}

// AttemptRecord is a recorded attempt.
type AttemptRecord struct {
	At         time.Time
	LatencyMS  float64
	Outcome    string
	StatusCode *int
	Error      *string
	Response   []byte
}

// Detail is a delivery with its body and attempts, oldest first.
type Detail struct {
	Summary
	Body     []byte
	Attempts []AttemptRecord
}

// Show returns the delivery whose id or webhook-id is ref.
func Show(ctx context.Context, pool *pgxpool.Pool, ref string) (Detail, error) {
	rows, err := pool.Query(ctx, `SELECT `+summaryColumns+`, body FROM sender_deliveries
WHERE webhook_id = $1 OR id::text = $1 LIMIT 1`, ref)
	if err != nil {
		return Detail{}, fmt.Errorf("show delivery %s: %w", ref, err)
	}
	d, err := pgx.CollectExactlyOneRow(rows, pgx.RowToStructByPos[struct {
		Summary
		Body []byte
	}])
	if errors.Is(err, pgx.ErrNoRows) {
		return Detail{}, fmt.Errorf("delivery %s: %w", ref, ErrNotFound)
	}
	if err != nil {
		return Detail{}, fmt.Errorf("show delivery %s: %w", ref, err)
	}
	rows, err = pool.Query(ctx, `SELECT attempted_at, latency_ms, outcome, status_code, error, response
FROM sender_attempts WHERE delivery_id = $1 ORDER BY id`, d.ID)
	if err != nil {
		return Detail{}, fmt.Errorf("show attempts of delivery %s: %w", ref, err)
	}
	attempts, err := pgx.CollectRows(rows, pgx.RowToStructByPos[AttemptRecord])
	if err != nil {
		return Detail{}, fmt.Errorf("show attempts of delivery %s: %w", ref, err)
	}
	return Detail{Summary: d.Summary, Body: d.Body, Attempts: attempts}, nil
}

// Retry makes a failed or skipped delivery due now with a fresh retry
// schedule, and records the action. A pending or delivered one is left as
// it is (ErrNotFound).
func Retry(ctx context.Context, pool *pgxpool.Pool, ref, actor string) (Summary, error) {
	var s Summary
	err := pgx.BeginFunc(ctx, pool, func(tx pgx.Tx) error {
		rows, err := tx.Query(ctx, `UPDATE sender_deliveries SET status = 'pending', next_attempt_at = now(),
    retries_spent = 0, throttles = 0, finished_at = NULL, lease_owner = NULL
WHERE (webhook_id = $1 OR id::text = $1) AND status IN ('failed', 'skipped')
RETURNING `+summaryColumns, ref)
		if err != nil {
			return err
		}
		s, err = pgx.CollectExactlyOneRow(rows, pgx.RowToStructByPos[Summary])
		if errors.Is(err, pgx.ErrNoRows) {
			return fmt.Errorf("failed or skipped delivery %s: %w", ref, ErrNotFound)
		}
		if err != nil {
			return err
		}
		return recordAction(ctx, tx, "retry", s.Tenant, s.EndpointID, actor, "delivery "+s.WebhookID)
	})
	if err != nil {
		return Summary{}, fmt.Errorf("retry delivery %s: %w", ref, err)
	}
	return s, nil
}

// Disable disables an endpoint (its pending deliveries are skipped) and
// records the action. It reports whether it was enabled.
func Disable(ctx context.Context, pool *pgxpool.Pool, tenant, endpoint, actor, reason string) (bool, error) {
	var changed bool
	err := pgx.BeginFunc(ctx, pool, func(tx pgx.Tx) error {
		var err error
		if changed, err = disable(ctx, tx, tenant, endpoint, "by "+actor+": "+reason); err != nil {
			return err
		}
		return recordAction(ctx, tx, "disable", tenant, endpoint, actor, reason)
	})
	return changed, err
}

// Enable enables an endpoint and clears its failing state, and records the
// action. Deliveries skipped meanwhile stay skipped: recover them with
// Recover. It reports whether it was disabled.
func Enable(ctx context.Context, pool *pgxpool.Pool, tenant, endpoint, actor, reason string) (bool, error) {
	var changed bool
	err := pgx.BeginFunc(ctx, pool, func(tx pgx.Tx) error {
		tag, err := tx.Exec(ctx, `UPDATE sender_endpoints SET disabled_at = NULL, disabled_reason = NULL,
    failing_since = NULL, updated_at = now() WHERE tenant = $1 AND endpoint_id = $2 AND disabled_at IS NOT NULL`, tenant, endpoint)
		if err != nil {
			return err
		}
		changed = tag.RowsAffected() > 0
		return recordAction(ctx, tx, "enable", tenant, endpoint, actor, reason)
	})
	if err != nil {
		return false, fmt.Errorf("enable endpoint %s/%s: %w", tenant, endpoint, err)
	}
	return changed, nil
}

func recordAction(ctx context.Context, tx pgx.Tx, action, tenant, endpoint, actor, reason string) error {
	_, err := tx.Exec(ctx, `INSERT INTO sender_actions (action, tenant, endpoint_id, actor, reason, finished_at)
VALUES ($1, $2, $3, $4, $5, now())`, action, tenant, endpoint, actor, reason)
	if err != nil {
		return fmt.Errorf("record %s action: %w", action, err)
	}
	return nil
}

func cmpOr(v, def int) int {
	if v > 0 {
		return v
	}
	return def
}
