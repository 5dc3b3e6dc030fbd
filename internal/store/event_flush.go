package store

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"reflect"

	wsql "github.com/ThreeDotsLabs/watermill-sql/v4/pkg/sql"
	"github.com/ThreeDotsLabs/watermill/message"
	"github.com/jackc/pgx/v5"

	"github.com/eventmesh/processor/internal/rejection"
)

// flush writes a batch of events, one multi-row INSERT per tenant topic, and
// settles each request: stored, duplicate or conflict. Each topic is written
// in a savepoint: when one tenant's table fails (dropped, locked, broken),
// only that tenant's events get the error and the others still commit, so a
// tenant that fails every time cannot drag other tenants' events sharing its
// batches into retries and the dead-letter queue. Once the transaction's
// context has ended the whole batch fails.
func (s *EventStore) flush(ctx context.Context, tx pgx.Tx, reqs []*saveRequest) error {
	for topic, group := range groupByTopic(reqs) {
		err := pgx.BeginFunc(ctx, tx, func(sp pgx.Tx) error { return s.flushTopic(ctx, sp, topic, group) })
		if err == nil {
			continue
		}
		if ctx.Err() != nil {
			return err
		}
		for _, r := range group {
			r.outcome, r.err = 0, fmt.Errorf("write events of topic %s: %w", topic, err)
		}
	}
	return nil
}

func (s *EventStore) flushTopic(ctx context.Context, tx pgx.Tx, topic string, group []*saveRequest) error {
	inserted, err := s.insert(ctx, tx, topic, group)
	if err != nil {
		return err
	}
	return s.settle(ctx, tx, topic, group, inserted)
}

func groupByTopic(reqs []*saveRequest) map[string][]*saveRequest {
	groups := make(map[string][]*saveRequest)
	for _, r := range reqs {
		r.outcome, r.err = 0, nil
		groups[r.topic] = append(groups[r.topic], r)
	}
	return groups
}

// insert returns the uuids this transaction inserted.
func (s *EventStore) insert(ctx context.Context, tx pgx.Tx, topic string, group []*saveRequest) (map[string]bool, error) {
	msgs := make(message.Messages, len(group))
	for i, r := range group {
		msgs[i] = r.msg
	}
	query, err := s.schema.InsertQuery(wsql.InsertQueryParams{Topic: topic, Msgs: msgs})
	if err != nil {
		return nil, err
	}
	rows, err := tx.Query(ctx, query.Query+` RETURNING "uuid"`, query.Args...)
	if err != nil {
		return nil, fmt.Errorf("insert into topic %s: %w", topic, err)
	}
	uuids, err := pgx.CollectRows(rows, pgx.RowTo[string])
	if err != nil {
		return nil, fmt.Errorf("insert into topic %s: %w", topic, err)
	}
	inserted := make(map[string]bool, len(uuids))
	for _, u := range uuids {
		inserted[u] = true
	}
	return inserted, nil
}

// settle marks the first request of each inserted uuid as stored, and
// compares every other request with the row already stored under its uuid.
func (s *EventStore) settle(ctx context.Context, tx pgx.Tx, topic string, group []*saveRequest, inserted map[string]bool) error {
	var others []*saveRequest
	for _, r := range group {
		if inserted[r.msg.UUID] {
			r.outcome = Stored
			delete(inserted, r.msg.UUID)
			continue
		}
		others = append(others, r)
	}
	if len(others) == 0 {
		return nil
	}
	existing, err := s.load(ctx, tx, topic, others)
	if err != nil {
		return err
	}
	for _, r := range others {
		r.outcome, r.err = compare(r.msg, existing[r.msg.UUID])
	}
	return nil
}

type storedRow struct {
	payload  []byte
	metadata message.Metadata
}

func (s *EventStore) load(ctx context.Context, tx pgx.Tx, topic string, reqs []*saveRequest) (map[string]storedRow, error) {
	uuids := make([]string, len(reqs))
	for i, r := range reqs {
		uuids[i] = r.msg.UUID
	}
	query := `SELECT "uuid", "payload"::text, "metadata"::text FROM ` + s.schema.MessagesTable(topic) + ` WHERE "uuid" = ANY($1)`
	rows, err := tx.Query(ctx, query, uuids)
	if err != nil {
		return nil, fmt.Errorf("load stored events of topic %s: %w", topic, err)
	}
	defer rows.Close()
	existing := make(map[string]storedRow, len(reqs))
	for rows.Next() {
		var id, payload, metadata string
		if err := rows.Scan(&id, &payload, &metadata); err != nil {
			return nil, fmt.Errorf("scan stored event of topic %s: %w", topic, err)
		}
		row := storedRow{payload: []byte(payload)}
		if err := json.Unmarshal([]byte(metadata), &row.metadata); err != nil {
			return nil, fmt.Errorf("decode metadata of stored event %s: %w", id, err)
		}
		existing[id] = row
	}
	return existing, rows.Err()
}

// compare tells a redelivered or re-sent event (Duplicate) from an event id
// reused for something else (a conflict, rejected permanently).
func compare(msg *message.Message, row storedRow) (Outcome, error) {
	if row.metadata == nil {
		return 0, fmt.Errorf("event %s neither inserted nor found: concurrent write rolled back, retry", msg.UUID)
	}
	sameEnvelope := row.metadata[MetaEventType] == msg.Metadata[MetaEventType] &&
		row.metadata[MetaProducer] == msg.Metadata[MetaProducer]
	if sameEnvelope && SamePayload(row.payload, msg.Payload) {
		return Duplicate, nil
	}
	return 0, &rejection.Error{
		Class:     rejection.ClassConflict,
		Tenant:    msg.Metadata[MetaTenant],
		Producer:  msg.Metadata[MetaProducer],
		EventType: msg.Metadata[MetaEventType],
		EventID:   msg.Metadata[MetaEventID],
		Err: fmt.Errorf("event id already stored with producer %q, type %q and a different payload",
			row.metadata[MetaProducer], row.metadata[MetaEventType]),
	}
}

// SamePayload reports whether two event payloads are the same JSON value
// (whitespace and key order aside): the test that tells a re-sent event
// (a duplicate) from an event id reused for other data (a conflict).
func SamePayload(a, b []byte) bool {
	if bytes.Equal(a, b) {
		return true
	}
	var va, vb any
	if json.Unmarshal(a, &va) != nil || json.Unmarshal(b, &vb) != nil {
		return false
	}
	return reflect.DeepEqual(va, vb)
}
