package poisonadmin

import (
	"context"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/eventmesh/processor/internal/poison"
)

// Action is one thing an operator did to a record.
type Action struct {
	ID     int64
	Action string // "replay" or "discard"
	// State is "sending" (a replay whose send was never confirmed: it was
	// interrupted and counts as not sent), "sent", "failed" or "done".
	State       string
	RunID       string
	Actor       string
	Reason      string
	Queue       string
	MessageUUID string
	Error       string
	CreatedAt   time.Time
	UpdatedAt   time.Time
}

// Detail is a whole record with its history of actions, oldest first.
type Detail struct {
	*Record
	Actions []Action
}

// Show returns the record id names (a uuid or a unique prefix). An unknown
// id is a *NotFoundError.
func (a *Admin) Show(ctx context.Context, id string) (*Detail, error) {
	uuid, err := a.resolveID(ctx, id)
	if err != nil {
		return nil, err
	}
	q := &query{}
	q.filter(Filter{IDs: []string{uuid}})
	records, err := a.records(ctx, q, "")
	if err != nil {
		return nil, err
	}
	if len(records) == 0 {
		return nil, &NotFoundError{What: "record", Name: id}
	}
	actions, err := a.actions(ctx, uuid)
	if err != nil {
		return nil, err
	}
	return &Detail{Record: records[0], Actions: actions}, nil
}

func (a *Admin) actions(ctx context.Context, uuid string) ([]Action, error) {
	rows, err := a.cfg.Pool.Query(ctx, `SELECT id, action, state, run_id::text, actor, reason, queue, message_uuid, error,
		created_at, updated_at FROM `+poison.ActionsTable+` WHERE record_uuid = $1 ORDER BY id`, uuid)
	if err != nil {
		return nil, fmt.Errorf("query actions of record %s: %w", uuid, err)
	}
	actions, err := pgx.CollectRows(rows, pgx.RowToStructByPos[Action])
	if err != nil {
		return nil, fmt.Errorf("read actions of record %s: %w", uuid, err)
	}
	return actions, nil
}
