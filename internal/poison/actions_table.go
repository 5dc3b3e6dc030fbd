package poison

import (
	"context"
	_ "embed"
	"fmt"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
)

// ActionsTable records what operators did to poison records: replays and
// discards, one row per action (see actions_table.sql). The poison tool
// (internal/poisonadmin) writes it; RecordsSQL and Store.OpenCount read it.
const ActionsTable = "poison_actions"

//go:embed actions_table.sql
var actionsTableSQL string

// EnsureActionsTable creates ActionsTable and its index if they do not
// exist. An advisory lock serialises concurrent first runs (processors and
// the poison tool), whose CREATE … IF NOT EXISTS could otherwise collide.
func EnsureActionsTable(ctx context.Context, pool *pgxpool.Pool) error {
	err := pgx.BeginFunc(ctx, pool, func(tx pgx.Tx) error {
		if _, err := tx.Exec(ctx, `SELECT pg_advisory_xact_lock(hashtext('poison_actions.ddl.' || current_schema()))`); err != nil {
			return err
		}
		_, err := tx.Exec(ctx, actionsTableSQL)
		return err
	})
	if err != nil {
		return fmt.Errorf("create table %s: %w", ActionsTable, err)
	}
	return nil
}
