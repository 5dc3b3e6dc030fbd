package poisonadmin

import (
	"context"
	_ "embed"
	"fmt"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/eventmesh/processor/internal/poison"
	"github.com/eventmesh/processor/internal/store"
)

// actionsTable records replays and discards (see actions_table.sql).
const actionsTable = "poison_actions"

//go:embed actions_table.sql
var actionsTableSQL string

// ensureTables creates the poison topic (as the processor does) and the
// actions table if they do not exist. An advisory lock serialises concurrent
// first runs, whose CREATE … IF NOT EXISTS could otherwise collide.
func ensureTables(ctx context.Context, pool *pgxpool.Pool) error {
	if err := store.EnsureTopic(ctx, pool, store.NewBinaryTopicSchema(), poison.Topic); err != nil {
		return fmt.Errorf("create poison table: %w", err)
	}
	err := pgx.BeginFunc(ctx, pool, func(tx pgx.Tx) error {
		if _, err := tx.Exec(ctx, `SELECT pg_advisory_xact_lock(hashtext('poison_actions.ddl.' || current_schema()))`); err != nil {
			return err
		}
		_, err := tx.Exec(ctx, actionsTableSQL)
		return err
	})
	if err != nil {
		return fmt.Errorf("create table %s: %w", actionsTable, err)
	}
	return nil
}
