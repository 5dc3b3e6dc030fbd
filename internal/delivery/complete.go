package delivery

import (
	"context"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgtype"
	"github.com/jackc/pgx/v5/pgxpool"
)

// Status of a delivery.
type Status string

// The statuses of a delivery row.
const (
	StatusPending   Status = "pending"   // due at next_attempt_at (or leased until then)
	StatusDelivered Status = "delivered" // a 2xx answer
	StatusFailed    Status = "failed"    // the retry schedule is spent, or the endpoint answered 410
	StatusSkipped   Status = "skipped"   // the endpoint was disabled or unsubscribed before delivery
)

// Attempt is one request and what came of it.
type Attempt struct {
	At      time.Time
	Latency time.Duration
	// Outcome is the sender's class: delivered, rejected, throttled, gone,
	// timeout, refused, forbidden_address, error.
	Outcome string
	// StatusCode is 0 when no response came.
	StatusCode int
	Error      string
	// Response is the start of the response body (at most 64 KiB).
	Response []byte
}

// Result is a claimed delivery's new state.
type Result struct {
	ID         int64
	Owner      string
	Tenant     string
	EndpointID string
	Status     Status
	// NextAttemptAt is when a pending delivery is due again.
	NextAttemptAt time.Time
	RetriesSpent  int
	Throttles     int
	// Attempt is nil when the delivery is released without a request.
	Attempt *Attempt
	// Note is last_error for a delivery released or skipped without a
	// request.
	Note string
	// EndpointOK is true after a success, false after a failure that counts
	// towards disabling the endpoint, nil when the result says nothing.
	EndpointOK *bool
	// DisableEndpoint, when set, disables the endpoint with this reason
	// (a 410 Gone answer).
	DisableEndpoint string
	// IfDisabled makes a StatusSkipped result hold only if Postgres holds
	// the endpoint disabled: a worker whose view is older than an operator's
	// enable puts the delivery back, due in a second, instead of skipping it.
	IfDisabled bool
}

// completeSQL writes each result whose lease holds. A skip that holds only
// while the endpoint is disabled (if_disabled) becomes pending, due in a
// second, when Postgres does not hold it disabled.
const completeSQL = `WITH u AS (
    SELECT u.id, u.owner, u.retries_spent, u.throttles, u.attempted, u.last_status, u.last_error,
           CASE WHEN u.if_disabled AND NOT EXISTS (SELECT 1 FROM sender_endpoints e JOIN sender_deliveries x
                    ON x.id = u.id AND e.tenant = x.tenant AND e.endpoint_id = x.endpoint_id
                    WHERE e.disabled_at IS NOT NULL)
                THEN 'pending' ELSE u.status END AS status,
           CASE WHEN u.if_disabled THEN now() + interval '1 second' ELSE u.next_at END AS next_at
    FROM unnest($1::bigint[], $2::text[], $3::text[], $4::timestamptz[], $5::int[], $6::int[], $7::bool[], $8::int[], $9::text[], $10::bool[])
        AS u(id, owner, status, next_at, retries_spent, throttles, attempted, last_status, last_error, if_disabled)
)
UPDATE sender_deliveries d SET
    status = u.status, next_attempt_at = u.next_at, lease_owner = NULL,
    retries_spent = u.retries_spent, throttles = u.throttles,
    attempts = d.attempts + u.attempted::int,
    finished_at = CASE WHEN u.status = 'pending' THEN NULL ELSE now() END,
    last_status = CASE WHEN u.attempted THEN u.last_status ELSE d.last_status END,
    last_error = u.last_error
FROM u
WHERE d.id = u.id AND d.lease_owner = u.owner`

const attemptsSQL = `INSERT INTO sender_attempts (delivery_id, attempted_at, latency_ms, outcome, status_code, error, response)
SELECT * FROM unnest($1::bigint[], $2::timestamptz[], $3::float8[], $4::text[], $5::int[], $6::text[], $7::bytea[])`

// Complete writes results in one transaction: each row whose lease the
// result's Owner still holds gets its new state (a row whose lease ended
// and was claimed again is left to its new owner), every attempt is
// recorded, and the endpoints' health is updated: a success clears its
// failing_since, a failure sets it if unset. Endpoints failing for longer
// than disableAfter (0: never), or named by DisableEndpoint, are disabled;
// Complete returns those it disabled.
func Complete(ctx context.Context, pool *pgxpool.Pool, results []Result, disableAfter time.Duration) ([]Disabled, error) {
	if len(results) == 0 {
		return nil, nil
	}
	var disabled []Disabled
	err := pgx.BeginFunc(ctx, pool, func(tx pgx.Tx) error {
		if err := updateRows(ctx, tx, results); err != nil {
			return err
		}
		if err := insertAttempts(ctx, tx, results); err != nil {
			return err
		}
		if err := updateHealth(ctx, tx, results); err != nil {
			return err
		}
		var err error
		disabled, err = disableEndpoints(ctx, tx, results, disableAfter)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("complete %d deliveries: %w", len(results), err)
	}
	return disabled, nil
}

func updateRows(ctx context.Context, tx pgx.Tx, results []Result) error {
	n := len(results)
	ids, owners, statuses := make([]int64, n), make([]string, n), make([]string, n)
	next, retries, throttles := make([]time.Time, n), make([]int32, n), make([]int32, n)
	attempted, codes, errs := make([]bool, n), make([]pgtype.Int4, n), make([]pgtype.Text, n)
	ifDisabled := make([]bool, n)
	for i, r := range results {
		ifDisabled[i] = r.IfDisabled && r.Status == StatusSkipped
		ids[i], owners[i], statuses[i] = r.ID, r.Owner, string(r.Status)
		next[i], retries[i], throttles[i] = r.NextAttemptAt, int32(r.RetriesSpent), int32(r.Throttles)
		if r.NextAttemptAt.IsZero() {
			next[i] = time.Now()
		}
		errs[i] = pgtype.Text{String: r.Note, Valid: r.Note != ""}
		if a := r.Attempt; a != nil {
			attempted[i] = true
			codes[i] = pgtype.Int4{Int32: int32(a.StatusCode), Valid: a.StatusCode != 0}
			if a.Error != "" {
				errs[i] = pgtype.Text{String: a.Error, Valid: true}
			}
		}
	}
	_, err := tx.Exec(ctx, completeSQL, ids, owners, statuses, next, retries, throttles, attempted, codes, errs, ifDisabled)
	return err
}

func insertAttempts(ctx context.Context, tx pgx.Tx, results []Result) error {
	var ids []int64
	var at []time.Time
	var latency []float64
	var outcomes []string
	var codes []pgtype.Int4
	var errs []pgtype.Text
	var responses [][]byte
	for _, r := range results {
		a := r.Attempt
		if a == nil {
			continue
		}
		ids, at, outcomes = append(ids, r.ID), append(at, a.At), append(outcomes, a.Outcome)
		latency = append(latency, float64(a.Latency)/float64(time.Millisecond))
		codes = append(codes, pgtype.Int4{Int32: int32(a.StatusCode), Valid: a.StatusCode != 0})
		errs = append(errs, pgtype.Text{String: a.Error, Valid: a.Error != ""})
		responses = append(responses, a.Response)
	}
	if len(ids) == 0 {
		return nil
	}
	_, err := tx.Exec(ctx, attemptsSQL, ids, at, latency, outcomes, codes, errs, responses)
	return err
}
