// Package store writes validated events to their tenant's watermill-sql
// topic table in Postgres, idempotently and with group commit. It owns the
// topic tables themselves (names derived from tenant ids in TopicNames, the
// schema adapter with its unique index on uuid, EnsureTopic), which the
// poison queue (internal/poison) and the sender reuse.
package store

import (
	"context"
	"fmt"
	"log/slog"
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
	// StoredEarlier is a Duplicate whose row was written by a delivery of
	// the same SQS message (same Delivery.SQSMessageID): an earlier attempt
	// whose commit outcome was lost (the reply to COMMIT never came), or a
	// redelivery of a message already acknowledged. Only the caller knows
	// which: handlers.Store counts it once (see there).
	StoredEarlier
)

func (o Outcome) String() string {
	switch o {
	case Stored:
		return "stored"
	case Duplicate:
		return "duplicate"
	case StoredEarlier:
		return "stored_earlier"
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
	stalls    *stalls
}

// saveRequest is one event to store, with its row's columns prepared by
// the caller (off the writer's critical path).
type saveRequest struct {
	topic    string
	ev       *envelope.Event
	uuid     string
	payload  string // ev.Data
	metadata string // the metadata column, JSON
	sqsID    string // Delivery.SQSMessageID
	outcome  Outcome
	err      error
}

// NewEventStore starts the store's writers. Topics must exist (EnsureTenant).
// A tenant whose table makes a statement wait longer than cfg.LockTimeout is
// set aside (*TenantStalledError) until its table can be written again, so
// it never holds the other tenants' events (TenantStalls counts it).
func NewEventStore(pool *pgxpool.Pool, cfg groupcommit.Config) (*EventStore, error) {
	s := &EventStore{pool: pool, schema: NewTopicSchema()}
	s.stalls = newStalls(pool, cfg.WithDefaults().LockTimeout, s.schema.MessagesTable)
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

// VerifyTenant checks, with catalog reads only (no DDL, no lock on the
// table), that tenant's table exists with its unique index on uuid
// (VerifyTopic).
func (s *EventStore) VerifyTenant(ctx context.Context, tenant string) error {
	topic, err := EventsTopic(tenant)
	if err != nil {
		return err
	}
	return VerifyTopic(ctx, s.pool, topic)
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
		payload: string(ev.Data), metadata: metadataJSON(ev, d), sqsID: d.SQSMessageID,
	}
	if err := s.committer.Do(ctx, req); err != nil {
		return 0, fmt.Errorf("save event %s of tenant %s: %w", ev.ID, ev.Tenant, err)
	}
	if req.err != nil {
		return 0, req.err
	}
	return req.outcome, nil
}

// Close waits for writes in progress and stops probing stalled tenants;
// Save fails afterwards.
func (s *EventStore) Close() {
	s.committer.Close()
	s.stalls.close()
}

// SetLogger sets the logger of tenant stalls and recoveries and of tenants'
// failed writes (at most one line per tenant every 10s). Default
// slog.Default().
func (s *EventStore) SetLogger(l *slog.Logger) {
	s.stalls.logger.Store(l)
}

// TenantStalls lists, by tenant, every tenant whose events failed in the
// store at least once since the start: set aside now or not, how many times
// it was, and its failed writes.
func (s *EventStore) TenantStalls() []TenantStall {
	return s.stalls.snapshot()
}

// CheckProgress returns a *groupcommit.NoProgressError while events wait to
// be written and no transaction has committed for the committer's
// NoProgressAfter (default 30s): a store that makes no progress. Tenants set
// aside do not count: their events fail at once.
func (s *EventStore) CheckProgress(context.Context) error {
	return s.committer.CheckProgress()
}

// ErrClosed is returned by Save after Close.
var ErrClosed = groupcommit.ErrClosed
