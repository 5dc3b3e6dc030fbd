// Package store writes validated events and poison records to their
// watermill-sql topic tables in Postgres, idempotently and with group commit.
package store

import (
	"context"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/eventmesh/processor/internal/envelope"
	"github.com/eventmesh/processor/internal/groupcommit"
)

// Outcome tells what Save did with an event.
type Outcome int

const (
	// Stored means the event was new and is now committed.
	Stored Outcome = iota + 1
	// Duplicate means the same event (same tenant, id and payload) was
	// already stored; nothing was written.
	Duplicate
)

func (o Outcome) String() string {
	switch o {
	case Stored:
		return "stored"
	case Duplicate:
		return "duplicate"
	}
	return "unknown"
}

// Delivery is what the processor knows of how an event reached it; it is
// stored in the row's metadata next to the event's own attributes.
type Delivery struct {
	CorrelationID string
	SQSMessageID  string
	SentAt        time.Time
	ReceivedAt    time.Time
}

// EventStore stores events in per-tenant topics, "events_<tenant>".
// Safe for concurrent use; concurrent Saves share transactions.
type EventStore struct {
	pool      *pgxpool.Pool
	schema    TopicSchema
	committer *groupcommit.Committer[*saveRequest]
}

// saveRequest is one event to store, with its row's columns prepared by
// the caller (off the writer's critical path).
type saveRequest struct {
	topic    string
	ev       *envelope.Event
	uuid     string
	payload  string // ev.Data
	metadata string // the metadata column, JSON
	outcome  Outcome
	err      error
}

// NewEventStore starts the store's writers. Topics must exist (EnsureTenant).
func NewEventStore(pool *pgxpool.Pool, cfg groupcommit.Config) (*EventStore, error) {
	s := &EventStore{pool: pool, schema: NewTopicSchema()}
	committer, err := groupcommit.New(pool, cfg, s.flush)
	if err != nil {
		return nil, fmt.Errorf("event store: %w", err)
	}
	s.committer = committer
	return s, nil
}

// EnsureTenant creates the topic table of tenant if it does not exist.
func (s *EventStore) EnsureTenant(ctx context.Context, tenant string) error {
	topic, err := EventsTopic(tenant)
	if err != nil {
		return err
	}
	return EnsureTopic(ctx, s.pool, s.schema, topic)
}

// Save stores ev once for ever: it returns Stored when this call committed
// it, Duplicate when an identical event was already committed, and a
// *rejection.Error of class ClassConflict when the event id was already used
// with a different payload, type or producer (the stored row is kept).
// Any other error is transient: the event may or may not be committed, and
// retrying Save is safe.
func (s *EventStore) Save(ctx context.Context, ev *envelope.Event, d Delivery) (Outcome, error) {
	topic, err := EventsTopic(ev.Tenant)
	if err != nil {
		return 0, fmt.Errorf("save event %s: %w", ev.ID, err)
	}
	req := &saveRequest{
		topic: topic, ev: ev, uuid: EventUUID(ev.Tenant, ev.ID),
		payload: string(ev.Data), metadata: metadataJSON(ev, d),
	}
	if err := s.committer.Do(ctx, req); err != nil {
		return 0, fmt.Errorf("save event %s of tenant %s: %w", ev.ID, ev.Tenant, err)
	}
	if req.err != nil {
		return 0, req.err
	}
	return req.outcome, nil
}

// Close waits for writes in progress; Save fails afterwards.
func (s *EventStore) Close() {
	s.committer.Close()
}

// ErrClosed is returned by Save after Close.
var ErrClosed = groupcommit.ErrClosed
