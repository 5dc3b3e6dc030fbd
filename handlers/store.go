// Package handlers holds the router's message handlers.
package handlers

import (
	"errors"
	"strconv"
	"time"

	"github.com/ThreeDotsLabs/watermill/message"

	"github.com/eventmesh/processor/internal/envelope"
	"github.com/eventmesh/processor/internal/sqsqueue"
	"github.com/eventmesh/processor/internal/store"
	"github.com/eventmesh/processor/middleware"
)

// ErrNoEvent means the handler ran without the validation middleware.
var ErrNoEvent = errors.New("no validated event in message context: the Validate middleware must run before the store handler")

// SavedFunc is told the outcome of each stored event (for metrics).
type SavedFunc func(ev *envelope.Event, outcome store.Outcome, d store.Delivery)

// Store returns the handler that saves the validated event in its tenant's
// topic. It returns nil, so the message is acknowledged, only once the event
// is committed, or was already: redeliveries are acknowledged without a
// second row. A reused event id with another payload returns a conflict
// (*rejection.Error) for the poison queue; any other error is transient.
func Store(events *store.EventStore, saved SavedFunc) message.NoPublishHandlerFunc {
	return func(msg *message.Message) error {
		ev, ok := middleware.EventFromContext(msg.Context())
		if !ok {
			return ErrNoEvent
		}
		d := delivery(msg)
		outcome, err := events.Save(msg.Context(), ev, d)
		if err != nil {
			return err
		}
		if saved != nil {
			saved(ev, outcome, d)
		}
		return nil
	}
}

func delivery(msg *message.Message) store.Delivery {
	return store.Delivery{
		CorrelationID: msg.Metadata.Get(middleware.CorrelationIDKey),
		SQSMessageID:  msg.Metadata.Get(sqsqueue.MetadataMessageID),
		SentAt:        unixMillis(msg.Metadata.Get(sqsqueue.MetadataSentTimestamp)),
		ReceivedAt:    receivedAt(msg),
	}
}

func receivedAt(msg *message.Message) time.Time {
	if t := unixMillis(msg.Metadata.Get(sqsqueue.MetadataFirstReceiveTimestamp)); !t.IsZero() {
		return t
	}
	return time.Now()
}

func unixMillis(s string) time.Time {
	ms, err := strconv.ParseInt(s, 10, 64)
	if err != nil || ms <= 0 {
		return time.Time{}
	}
	return time.UnixMilli(ms)
}
