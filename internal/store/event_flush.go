package store

import (
	"context"
	"fmt"

	"github.com/jackc/pgx/v5"
)

// flush writes a batch of events and settles each request: stored,
// duplicate or conflict.
//
// Every topic of the batch is written in one round trip: a pipeline of one
// INSERT … ON CONFLICT DO NOTHING RETURNING per topic, in a savepoint; the
// rows of uuids that were not inserted are then read back (one more round
// trip, only for batches holding duplicates or conflicts). If
// any statement fails, the savepoint is rolled back and each topic is written
// again in a savepoint of its own: when one tenant's table fails (dropped,
// locked, broken), only that tenant's events get the error and the others
// still commit, so a tenant that fails every time cannot drag other tenants'
// events sharing its batches into retries and the dead-letter queue. Once
// the transaction's context has ended the whole batch fails.
//
// A locked table costs a batch one lock timeout (the transaction's
// lock_timeout, groupcommit.Config.LockTimeout) at most once: the writes
// again in savepoints wait fallbackLockTimeout only, and a tenant whose
// write timed out waiting for a lock is set aside (stalls), its events
// failing at once, until a probe can lock its table again.
func (s *EventStore) flush(ctx context.Context, tx pgx.Tx, reqs []*saveRequest) error {
	groups := s.stalls.setAside(groupByTopic(reqs))
	if len(groups) == 0 {
		return nil
	}
	// The savepoint must exist before the pipeline: pgx prepares a pipeline's
	// new statements before it sends any, and a failed prepare (a missing
	// table) aborts the transaction too.
	if _, err := tx.Exec(ctx, "SAVEPOINT pipelined"); err != nil {
		return fmt.Errorf("savepoint: %w", err)
	}
	err := s.writeTopics(ctx, tx, groups, "RELEASE SAVEPOINT pipelined")
	if err == nil || ctx.Err() != nil {
		return err
	}
	if _, rbErr := tx.Exec(ctx, "ROLLBACK TO SAVEPOINT pipelined; "+fallbackLockTimeout); rbErr != nil {
		return fmt.Errorf("write events: %w; rollback to savepoint: %w", err, rbErr)
	}
	for _, g := range groups {
		err := pgx.BeginFunc(ctx, tx, func(sp pgx.Tx) error { return s.writeTopics(ctx, sp, []*topicGroup{g}, "") })
		if err == nil {
			continue
		}
		if ctx.Err() != nil {
			return err
		}
		s.stalls.failed(g, err)
		for _, r := range g.reqs {
			r.outcome, r.err = 0, fmt.Errorf("write events of topic %s: %w", g.topic, err)
		}
	}
	return nil
}

// fallbackLockTimeout is the lock_timeout of the writes again, topic by
// topic, after the pipeline failed: the pipeline has already waited the
// full lock timeout when a table is locked, and the table it waited for is
// not known (a statement prepared in a pipeline fails for the whole
// pipeline), so each topic is now tried briefly and a locked one fails, and
// is set aside, in 100ms.
const fallbackLockTimeout = "SET LOCAL lock_timeout = 100"

// writeTopics sends, in one pipeline, the insert of every group, then the
// statement after when not empty, and settles the groups' requests.
func (s *EventStore) writeTopics(ctx context.Context, tx pgx.Tx, groups []*topicGroup, after string) error {
	b := &pgx.Batch{}
	for _, g := range groups {
		b.Queue(s.insertQuery(g.topic), g.uuids, g.payloads, g.metadata)
	}
	if after != "" {
		b.Queue(after)
	}
	br := tx.SendBatch(ctx, b)
	err := s.readTopics(br, groups)
	if closeErr := br.Close(); err == nil {
		err = closeErr
	}
	if err != nil {
		return err
	}
	return s.settleAll(ctx, tx, groups)
}

func (s *EventStore) readTopics(br pgx.BatchResults, groups []*topicGroup) error {
	for _, g := range groups {
		rows, err := br.Query()
		if err != nil {
			return fmt.Errorf("insert into topic %s: %w", g.topic, err)
		}
		if g.inserted, err = scanInserted(rows, g.topic); err != nil {
			return err
		}
	}
	return nil
}

// settleAll reads back the rows of the uuids each group did not insert,
// and settles the group.
func (s *EventStore) settleAll(ctx context.Context, tx pgx.Tx, groups []*topicGroup) error {
	for _, g := range groups {
		if missing := g.missing(); len(missing) > 0 {
			rows, err := tx.Query(ctx, s.loadQuery(g.topic), pgx.QueryExecModeExec, missing)
			if err != nil {
				return fmt.Errorf("load stored events of topic %s: %w", g.topic, err)
			}
			if g.existing, err = scanStored(rows, g.topic); err != nil {
				return err
			}
		}
		g.settle()
	}
	return nil
}

// loadQuery reads stored rows by uuid. It runs as an unnamed statement
// (pgx.QueryExecModeExec), planned for its actual uuids each time: a cached
// generic plan made while the table was nearly empty would scan the whole
// table for ever.
func (s *EventStore) loadQuery(topic string) string {
	return `SELECT "uuid", "payload"::text, "metadata"::text FROM ` + s.schema.MessagesTable(topic) + ` WHERE "uuid" = ANY($1)`
}

// insertQuery inserts the rows of three arrays (uuid, payload, metadata),
// skipping uuids already stored, and returns the uuids it inserted. Its text
// does not depend on the number of rows, so each connection prepares it once
// per topic rather than once per batch size. The rows are watermill-sql's
// (see TopicSchema), so watermill-sql's subscriber reads them.
func (s *EventStore) insertQuery(topic string) string {
	return `INSERT INTO ` + s.schema.MessagesTable(topic) + ` ("uuid", "payload", "metadata", "transaction_id")
		SELECT u, p::json, m::json, pg_current_xact_id() FROM unnest($1::text[], $2::text[], $3::text[]) AS r(u, p, m)
		ON CONFLICT ("uuid") DO NOTHING RETURNING "uuid"`
}
