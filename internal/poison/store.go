package poison

import (
	"context"
	"fmt"

	wsql "github.com/ThreeDotsLabs/watermill-sql/v4/pkg/sql"
	"github.com/ThreeDotsLabs/watermill/message"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/eventmesh/processor/internal/groupcommit"
	"github.com/eventmesh/processor/internal/store"
)

// Topic is the watermill-sql topic of the poison queue.
const Topic = store.PoisonTopic

// Store writes poison records with group commit. Safe for concurrent use.
type Store struct {
	pool      *pgxpool.Pool
	schema    store.TopicSchema
	committer *groupcommit.Committer[*message.Message]
}

// NewStore creates the poison topic if needed and starts the writers.
func NewStore(ctx context.Context, pool *pgxpool.Pool, cfg groupcommit.Config) (*Store, error) {
	s := &Store{pool: pool, schema: store.NewBinaryTopicSchema()}
	if err := store.EnsureTopic(ctx, pool, s.schema, Topic); err != nil {
		return nil, fmt.Errorf("poison store: %w", err)
	}
	committer, err := groupcommit.New(pool, cfg, s.flush)
	if err != nil {
		return nil, fmt.Errorf("poison store: %w", err)
	}
	s.committer = committer
	return s, nil
}

// Table is the poison queue's table name, quoted for SQL.
func (s *Store) Table() string {
	return s.schema.MessagesTable(Topic)
}

// Put commits r's record, or updates the record it already has. A nil error
// means the record is durable and the message may be acknowledged.
func (s *Store) Put(ctx context.Context, r *Rejected) error {
	if err := s.committer.Do(ctx, r.Message()); err != nil {
		return fmt.Errorf("put poison record for sqs message %s: %w", r.SQSMessageID, err)
	}
	return nil
}

// Close waits for writes in progress.
func (s *Store) Close() {
	s.committer.Close()
}

func (s *Store) flush(ctx context.Context, tx pgx.Tx, msgs []*message.Message) error {
	query, err := s.schema.DefaultPostgreSQLSchema.InsertQuery(wsql.InsertQueryParams{Topic: Topic, Msgs: distinct(msgs)})
	if err != nil {
		return fmt.Errorf("poison insert query: %w", err)
	}
	if _, err := tx.Exec(ctx, query.Query+s.onConflict(), query.Args...); err != nil {
		return fmt.Errorf("insert poison records: %w", err)
	}
	return nil
}

// onConflict keeps the first-seen time and counts sightings; the rest of the
// metadata (reason, receive count, last-seen time) is the newest.
func (s *Store) onConflict() string {
	t := s.Table()
	return ` ON CONFLICT ("uuid") DO UPDATE SET "metadata" = (EXCLUDED."metadata"::jsonb
		|| jsonb_build_object(
			'` + KeyFirstSeenAt + `', ` + t + `."metadata"::jsonb->'` + KeyFirstSeenAt + `',
			'` + KeySeenCount + `', (COALESCE((` + t + `."metadata"::jsonb->>'` + KeySeenCount + `')::int, 1) + 1)::text
		))::json`
}

// distinct keeps the last message of each uuid: ON CONFLICT DO UPDATE may not
// touch a row twice in one statement.
func distinct(msgs []*message.Message) message.Messages {
	index := make(map[string]int, len(msgs))
	out := make(message.Messages, 0, len(msgs))
	for _, m := range msgs {
		if i, ok := index[m.UUID]; ok {
			out[i] = m
			continue
		}
		index[m.UUID] = len(out)
		out = append(out, m)
	}
	return out
}
