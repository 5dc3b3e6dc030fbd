package handlers

import (
	"strconv"
	"time"

	"github.com/ThreeDotsLabs/watermill/message"

	"github.com/eventmesh/processor/internal/envelope"
	"github.com/eventmesh/processor/internal/rejection"
	"github.com/eventmesh/processor/internal/sqsqueue"
	"github.com/eventmesh/processor/internal/store"
	"github.com/eventmesh/processor/middleware"
)

// SavedFunc is told the outcome of each stored event (for metrics).
type SavedFunc func(ev *envelope.Event, outcome store.Outcome, d store.Delivery)

// Store returns Event's last step: it saves the validated event in its
// tenant's topic. It returns nil, so the message is acknowledged, only once
// the event is committed, or was already: redeliveries are acknowledged
// without a second row. A reused event id with another payload returns a conflict
// (*rejection.Error) for the poison queue; any other error is transient.
//
// saved is told each event once as store.Stored (what the producer sent,
// counted once whatever the retries) or store.Duplicate (a re-send, or a
// redelivery of a message already counted). When an attempt fails
// transiently its commit may still have happened (the reply to COMMIT
// lost): the next attempt of the same SQS message then finds the row
// written by that message (store.StoredEarlier) and, because this handler
// remembers the uncertain attempt, counts it Stored. A redelivery of a
// message whose earlier attempt was counted finds no such memory and counts
// Duplicate. The memory is the process's: after a restart, or on another
// replica, the redelivery of an uncertain commit counts as Duplicate.
func Store(events *store.EventStore, saved SavedFunc) StoreFunc {
	uncertain := newUncertainMessages()
	return func(msg *message.Message, ev *envelope.Event) error {
		d := delivery(msg)
		outcome, err := events.Save(msg.Context(), ev, d)
		if err != nil {
			if !rejection.IsPermanent(err) {
				uncertain.add(d.SQSMessageID)
			}
			return err
		}
		outcome = settled(outcome, uncertain.take(d.SQSMessageID))
		if saved != nil {
			saved(ev, outcome, d)
		}
		return nil
	}
}

// settled is how an outcome counts: StoredEarlier is Stored when an earlier
// attempt of the message was uncertain, else a Duplicate.
func settled(outcome store.Outcome, wasUncertain bool) store.Outcome {
	if outcome != store.StoredEarlier {
		return outcome
	}
	if wasUncertain {
		return store.Stored
	}
	return store.Duplicate
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
