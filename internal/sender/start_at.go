package sender

import (
	"context"
	"fmt"

	wsql "github.com/ThreeDotsLabs/watermill-sql/v4/pkg/sql"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/eventmesh/processor/internal/store"
)

// Where a consumer group that has never read a topic starts.
const (
	StartEarliest = "earliest" // the first event of the table: its whole history is fanned out
	StartLatest   = "latest"   // after the newest event committed when the group first reads it
)

// startAtEnd gives group an offset at the newest event of topic's table,
// unless the group has one: a first start with StartLatest does not fan out
// the table's history. (Events of transactions still running then, with a
// lower transaction id, are skipped too.) An empty table gets no offset.
func startAtEnd(ctx context.Context, pool *pgxpool.Pool, topic, group string) error {
	schema, offsets := store.NewTopicSchema(), wsql.DefaultPostgreSQLOffsetsAdapter{}
	queries, err := schema.SchemaInitializingQueries(wsql.SchemaInitializingQueriesParams{Topic: topic})
	if err != nil {
		return err
	}
	more, err := offsets.SchemaInitializingQueries(wsql.OffsetsSchemaInitializingQueriesParams{Topic: topic})
	if err != nil {
		return err
	}
	queries = append(queries, more...)
	insert := `INSERT INTO ` + offsets.MessagesOffsetsTable(topic) + ` (consumer_group, offset_acked, last_processed_transaction_id)
SELECT $1, "offset", transaction_id FROM ` + schema.MessagesTable(topic) + `
ORDER BY transaction_id DESC, "offset" DESC LIMIT 1
ON CONFLICT (consumer_group) DO NOTHING`
	err = pgx.BeginFunc(ctx, pool, func(tx pgx.Tx) error {
		for _, q := range queries {
			if _, err := tx.Exec(ctx, q.Query, q.Args...); err != nil {
				return err
			}
		}
		_, err := tx.Exec(ctx, insert, group)
		return err
	})
	if err != nil {
		return fmt.Errorf("start consumer group %s at the end of topic %s: %w", group, topic, err)
	}
	return nil
}
