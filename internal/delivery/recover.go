package delivery

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/eventmesh/processor/internal/store"
	"github.com/eventmesh/processor/internal/subscription"
)

// RecoverReport is what a recovery did.
type RecoverReport struct {
	ActionID   int64
	Resumed    bool
	LastOffset int64
	// Recorded counts deliveries inserted, or reset from failed or skipped
	// to pending.
	Recorded int64
}

// resetSQL records a delivery that is missing and resets one that failed
// or was skipped; delivered and pending ones are left alone.
const resetSQL = `INSERT INTO sender_deliveries (webhook_id, tenant, endpoint_id, event_id, event_type, body, stored_at)
VALUES ($1, $2, $3, $4, $5, $6, $7)
ON CONFLICT (webhook_id) DO UPDATE SET status = 'pending', next_attempt_at = now(), retries_spent = 0,
    throttles = 0, finished_at = NULL, lease_owner = NULL
WHERE sender_deliveries.status IN ('failed', 'skipped')`

// Recover re-delivers what an endpoint missed since p.Since: it reads the
// tenant's topic table in offset order, page by page, and for each event
// the subscription matches records its delivery, or makes a failed or
// skipped one due again. Progress (the offset reached) is recorded in the
// action row with each page, in the page's transaction: an interrupted
// recovery of the same endpoint and Since resumes where it stopped, and
// one that finished is not run again (its report is returned). p takes its
// defaults first; an error names every field of p outside its limits.
func Recover(ctx context.Context, pool *pgxpool.Pool, p RecoverParams) (RecoverReport, error) {
	p = p.withDefaults()
	if err := p.Validate(); err != nil {
		return RecoverReport{}, err
	}
	topic, err := store.EventsTopic(p.Sub.Tenant)
	if err != nil {
		return RecoverReport{}, err
	}
	rep, err := startRecovery(ctx, pool, p)
	if err != nil {
		return rep, err
	}
	table := store.NewTopicSchema().MessagesTable(topic)
	for {
		start := time.Now()
		n, err := recoverPage(ctx, pool, table, p, &rep)
		if err != nil || n < p.Page {
			if err == nil {
				_, err = pool.Exec(ctx, `UPDATE sender_actions SET finished_at = now() WHERE id = $1`, rep.ActionID)
			}
			return rep, err
		}
		pause := time.Duration(float64(n)/p.Rate*float64(time.Second)) - time.Since(start)
		select {
		case <-ctx.Done():
			return rep, ctx.Err()
		case <-time.After(pause):
		}
	}
}

func startRecovery(ctx context.Context, pool *pgxpool.Pool, p RecoverParams) (RecoverReport, error) {
	var rep RecoverReport
	var finished *time.Time
	err := pool.QueryRow(ctx, `SELECT id, last_offset, recorded, finished_at FROM sender_actions
WHERE action = 'recover' AND tenant = $1 AND endpoint_id = $2 AND since = $3 ORDER BY id DESC LIMIT 1`,
		p.Sub.Tenant, p.Sub.ID, p.Since).Scan(&rep.ActionID, &rep.LastOffset, &rep.Recorded, &finished)
	switch {
	case err == nil && finished != nil:
		return rep, errAlreadyRecovered{rep}
	case err == nil:
		rep.Resumed = true
		return rep, nil
	case !errors.Is(err, pgx.ErrNoRows):
		return rep, fmt.Errorf("find recovery of %s: %w", p.Sub.Key(), err)
	}
	err = pool.QueryRow(ctx, `INSERT INTO sender_actions (action, tenant, endpoint_id, actor, since)
VALUES ('recover', $1, $2, $3, $4) RETURNING id`, p.Sub.Tenant, p.Sub.ID, p.Actor, p.Since).Scan(&rep.ActionID)
	if err != nil {
		return rep, fmt.Errorf("record recovery of %s: %w", p.Sub.Key(), err)
	}
	return rep, nil
}

// ErrAlreadyRecovered is matched (errors.Is) by Recover's error when the
// same recovery finished before.
var ErrAlreadyRecovered = errors.New("this recovery has finished before")

type errAlreadyRecovered struct{ rep RecoverReport }

func (e errAlreadyRecovered) Error() string {
	return fmt.Sprintf("recovery %d finished before (%d deliveries recorded)", e.rep.ActionID, e.rep.Recorded)
}

func (e errAlreadyRecovered) Is(target error) bool { return target == ErrAlreadyRecovered }

// recoverPage handles the events after rep.LastOffset, returning how many
// it read.
func recoverPage(ctx context.Context, pool *pgxpool.Pool, table string, p RecoverParams, rep *RecoverReport) (int, error) {
	read := 0
	err := pgx.BeginFunc(ctx, pool, func(tx pgx.Tx) error {
		rows, err := tx.Query(ctx, `SELECT "offset", "uuid", payload::text, metadata::text,
    created_at AT TIME ZONE current_setting('TimeZone') FROM `+table+`
WHERE "offset" > $1 AND created_at >= ($2::timestamptz AT TIME ZONE current_setting('TimeZone'))
ORDER BY "offset" LIMIT $3`, rep.LastOffset, p.Since, p.Page)
		if err != nil {
			return err
		}
		events, err := pgx.CollectRows(rows, pgx.RowToStructByPos[storedEvent])
		if err != nil {
			return err
		}
		read = len(events)
		recorded, last, err := recordMatches(ctx, tx, p.Sub, events)
		if err != nil {
			return err
		}
		rep.Recorded += recorded
		rep.LastOffset = max(rep.LastOffset, last)
		_, err = tx.Exec(ctx, `UPDATE sender_actions SET last_offset = $2, recorded = $3 WHERE id = $1`,
			rep.ActionID, rep.LastOffset, rep.Recorded)
		return err
	})
	if err != nil {
		return 0, fmt.Errorf("recover %s after offset %d: %w", p.Sub.Key(), rep.LastOffset, err)
	}
	return read, nil
}

type storedEvent struct {
	Offset   int64
	UUID     string
	Payload  *string
	Metadata *string
	StoredAt time.Time
}

func recordMatches(ctx context.Context, tx pgx.Tx, sub *subscription.Subscription, events []storedEvent) (int64, int64, error) {
	var recorded, last int64
	for _, ev := range events {
		last = ev.Offset
		meta := map[string]string{}
		if ev.Metadata != nil {
			if err := json.Unmarshal([]byte(*ev.Metadata), &meta); err != nil {
				return 0, 0, fmt.Errorf("metadata of event %s: %w", ev.UUID, err)
			}
		}
		var data []byte
		if ev.Payload != nil {
			data = []byte(*ev.Payload)
		}
		body := CloudEvent(meta, data)
		matched, err := subscription.Match([]*subscription.Subscription{sub}, meta[store.MetaEventType], body)
		if err != nil || len(matched) == 0 {
			continue // an event a filter cannot read is not the endpoint's
		}
		tag, err := tx.Exec(ctx, resetSQL, WebhookID(ev.UUID, sub.ID), sub.Tenant, sub.ID,
			meta[store.MetaEventID], meta[store.MetaEventType], body, ev.StoredAt)
		if err != nil {
			return 0, 0, err
		}
		recorded += tag.RowsAffected()
	}
	return recorded, last, nil
}
