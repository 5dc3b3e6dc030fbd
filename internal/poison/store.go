package poison

import (
	"cmp"
	"context"
	"encoding/json"
	"fmt"
	"time"

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

// DefaultMaxWait is the store's default groupcommit.Config.MaxWait: a
// poisoned message waits for nothing but its record, so its writer waits
// this long to gather more records into one transaction (about half the
// processor's transactions were poison records of 2 or 3 before).
const DefaultMaxWait = 20 * time.Millisecond

// NewStore creates the poison topic if needed and starts the writers. A zero
// cfg.MaxWait takes DefaultMaxWait.
func NewStore(ctx context.Context, pool *pgxpool.Pool, cfg groupcommit.Config) (*Store, error) {
	cfg.MaxWait = cmp.Or(cfg.MaxWait, DefaultMaxWait)
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
	msgs = distinct(msgs)
	uuids, payloads, metadata := make([]string, len(msgs)), make([][]byte, len(msgs)), make([]string, len(msgs))
	for i, m := range msgs {
		md, err := json.Marshal(m.Metadata)
		if err != nil {
			return fmt.Errorf("encode metadata of poison record %s: %w", m.UUID, err)
		}
		uuids[i], payloads[i], metadata[i] = m.UUID, m.Payload, string(md)
	}
	if _, err := tx.Exec(ctx, s.insertQuery(), uuids, payloads, metadata); err != nil {
		return fmt.Errorf("insert poison records: %w", err)
	}
	return nil
}

// insertQuery inserts the rows of three arrays (uuid, payload, metadata) as
// watermill-sql's insert would, one statement whatever the number of rows,
// so each connection prepares it once.
func (s *Store) insertQuery() string {
	return `INSERT INTO ` + s.Table() + ` ("uuid", "payload", "metadata", "transaction_id")
		SELECT u, p, m::json, pg_current_xact_id() FROM unnest($1::text[], $2::bytea[], $3::text[]) AS r(u, p, m)` + s.onConflict()
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
