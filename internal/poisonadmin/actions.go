package poisonadmin

import (
	"context"
	"fmt"
	"time"

	"github.com/eventmesh/processor/internal/poison"
)

// confirmTimeout bounds the write that confirms a send. It runs even when
// the replay's context was cancelled: a send that went out is confirmed.
const confirmTimeout = 10 * time.Second

// beginReplay records the intent to send r, with reason ("" or
// ReSignReason); the row stays "sending" if the tool dies before
// confirmReplay, and then counts as not sent.
func (a *Admin) beginReplay(ctx context.Context, runID string, r *Record, messageUUID, reason string) (int64, error) {
	var id int64
	err := a.cfg.Pool.QueryRow(ctx, `INSERT INTO `+poison.ActionsTable+`
		(record_uuid, action, state, run_id, actor, queue, message_uuid, record_seen_count, record_last_seen_at, reason)
		VALUES ($1, 'replay', 'sending', $2, $3, $4, $5, $6, $7, $8) RETURNING id`,
		r.UUID, runID, a.cfg.Actor, a.cfg.QueueName, messageUUID, r.seenCount, r.lastSeen, reason).Scan(&id)
	if err != nil {
		return 0, fmt.Errorf("record replay of %s: %w", r.UUID, err)
	}
	return id, nil
}

// settleReplay sets a replay row to "sent", or to "failed" with sendErr.
func (a *Admin) settleReplay(ctx context.Context, id int64, sendErr error) error {
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), confirmTimeout)
	defer cancel()
	state, msg := "sent", ""
	if sendErr != nil {
		state, msg = "failed", sendErr.Error()
	}
	_, err := a.cfg.Pool.Exec(ctx, `UPDATE `+poison.ActionsTable+` SET state = $2, error = $3, updated_at = now() WHERE id = $1`, id, state, msg)
	if err != nil {
		return fmt.Errorf("confirm replay action %d as %s: %w", id, state, err)
	}
	return nil
}

// discardAll records the discard of records in one statement.
func (a *Admin) discardAll(ctx context.Context, runID, reason string, records []*Record) error {
	uuids := make([]string, len(records))
	counts := make([]int, len(records))
	seen := make([]time.Time, len(records))
	for i, r := range records {
		uuids[i], counts[i], seen[i] = r.UUID, r.seenCount, r.lastSeen
	}
	_, err := a.cfg.Pool.Exec(ctx, `INSERT INTO `+poison.ActionsTable+`
		(record_uuid, action, state, run_id, actor, reason, record_seen_count, record_last_seen_at)
		SELECT u, 'discard', 'done', $4, $5, $6, c, s FROM unnest($1::text[], $2::int[], $3::timestamptz[]) AS t(u, c, s)`,
		uuids, counts, seen, runID, a.cfg.Actor, reason)
	if err != nil {
		return fmt.Errorf("record discard of %d records: %w", len(records), err)
	}
	return nil
}
