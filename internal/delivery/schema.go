// Package delivery is the sender's state in Postgres: one row per (event,
// endpoint) in sender_deliveries, its attempts, the endpoints' shared state
// and the operators' actions. Nothing else holds delivery state.
//
// Rows are recorded by the fan-out in the transaction that advances the
// sender's consumer group offset (Record), claimed by workers with FOR
// UPDATE SKIP LOCKED and a lease (Claim), and finished in batches
// (Complete). A row's webhook_id is unique, so recording an event twice
// for an endpoint is a no-op.
package delivery

import (
	"context"
	_ "embed"
	"fmt"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
)

//go:embed schema.sql
var schemaSQL string

// schemaLock serializes EnsureSchema across sender instances.
const schemaLock = 0x5e4de2

// EnsureSchema creates the sender's tables and indexes if they do not exist.
func EnsureSchema(ctx context.Context, pool *pgxpool.Pool) error {
	err := pgx.BeginFunc(ctx, pool, func(tx pgx.Tx) error {
		if _, err := tx.Exec(ctx, "SELECT pg_advisory_xact_lock($1)", schemaLock); err != nil {
			return err
		}
		_, err := tx.Exec(ctx, schemaSQL)
		return err
	})
	if err != nil {
		return fmt.Errorf("create the sender's tables: %w", err)
	}
	return nil
}
