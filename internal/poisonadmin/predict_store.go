package poisonadmin

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/jackc/pgx/v5"

	"github.com/eventmesh/processor/internal/envelope"
	"github.com/eventmesh/processor/internal/store"
)

// storedEvent is the row stored under an event's id, as far as the store
// compares it with a re-sent event.
type storedEvent struct {
	payload   []byte
	producer  string
	eventType string
}

// matches mirrors the store's test of a redelivered event: same producer,
// same type and the same JSON payload, with the store's own exact number
// model (store.SamePayload), so a prediction never calls a conflict a
// duplicate.
func (s *storedEvent) matches(ev *envelope.Event) bool {
	return s.producer == ev.Producer && s.eventType == ev.Type && store.SamePayload(s.payload, ev.Data)
}

// storedEvent returns the event stored in ev's tenant topic under ev's id,
// or nil when there is none (or no topic table yet).
func (a *Admin) storedEvent(ctx context.Context, ev *envelope.Event) (*storedEvent, error) {
	topic, err := store.EventsTopic(ev.Tenant)
	if err != nil {
		return nil, nil // the registry accepted no such tenant; nothing can be stored
	}
	table := store.NewTopicSchema().MessagesTable(topic)
	var exists bool
	if err := a.cfg.Pool.QueryRow(ctx, `SELECT to_regclass($1) IS NOT NULL`, table).Scan(&exists); err != nil {
		return nil, fmt.Errorf("look up table %s: %w", table, err)
	}
	if !exists {
		return nil, nil
	}
	var s storedEvent
	var payload string
	err = a.cfg.Pool.QueryRow(ctx, `SELECT payload::text, coalesce(metadata->>$2, ''), coalesce(metadata->>$3, '') FROM `+table+
		` WHERE "uuid" = $1`, store.EventUUID(ev.Tenant, ev.ID), store.MetaProducer, store.MetaEventType).
		Scan(&payload, &s.producer, &s.eventType)
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("look up stored event %s of tenant %s: %w", ev.ID, strings.ToValidUTF8(ev.Tenant, "?"), err)
	}
	s.payload = []byte(payload)
	return &s, nil
}
