package middleware

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/ThreeDotsLabs/watermill/message"

	"github.com/eventmesh/processor/internal/poison"
	"github.com/eventmesh/processor/internal/rejection"
	"github.com/eventmesh/processor/internal/sqsqueue"
)

// PutPoisonFunc durably records a rejected message; poison.Store.Put is one.
type PutPoisonFunc func(ctx context.Context, r *poison.Rejected) error

// PoisonQueue records messages that failed permanently (a *rejection.Error,
// or a panic) in the poison queue and acknowledges them: they are never
// retried. Transient errors pass through untouched, so the message is Nacked
// and redelivered; they never reach the poison queue.
//
// The record is written on a context that is not cancelled with the message,
// and the message is acknowledged only once the record is committed: if the
// write fails, the message is Nacked and SQS redelivers it.
type PoisonQueue struct {
	// Put durably records a rejected message. Required.
	Put PutPoisonFunc
	// HandlerName is stored with each record.
	HandlerName string
	// OnPoisoned, when set, is called after each record is committed.
	OnPoisoned func(msg *message.Message, r *poison.Rejected)
}

// Middleware returns the poison queue middleware.
func (p PoisonQueue) Middleware(h message.HandlerFunc) message.HandlerFunc {
	return func(msg *message.Message) ([]*message.Message, error) {
		produced, err := h(msg)
		if err == nil {
			return produced, nil
		}
		reason, ok := permanentReason(msg, err)
		if !ok {
			return nil, err
		}
		rejected := rejectedMessage(msg, reason, p.HandlerName)
		if putErr := p.Put(context.WithoutCancel(msg.Context()), rejected); putErr != nil {
			return nil, fmt.Errorf("record %s in poison queue: %w", reason.Class, putErr)
		}
		markPoisoned(msg, reason)
		if p.OnPoisoned != nil {
			p.OnPoisoned(msg, rejected)
		}
		return nil, nil
	}
}

// permanentReason classifies err. Shutdown (context.Canceled) is never a
// reason to poison a message.
func permanentReason(msg *message.Message, err error) (*rejection.Error, bool) {
	if errors.Is(err, context.Canceled) {
		return nil, false
	}
	if rejected, ok := rejection.As(err); ok {
		return rejected, true
	}
	if IsPanic(err) {
		return panicReason(msg, err), true
	}
	return nil, false
}

func panicReason(msg *message.Message, err error) *rejection.Error {
	reason := &rejection.Error{Class: rejection.ClassPanic, Err: err}
	if ev, ok := EventFromContext(msg.Context()); ok {
		reason.Tenant, reason.Producer, reason.EventType = ev.Tenant, ev.Producer, ev.Type
		reason.SchemaVersion, reason.EventID = ev.SchemaVersion, ev.ID
	}
	return reason
}

func rejectedMessage(msg *message.Message, reason *rejection.Error, handlerName string) *poison.Rejected {
	messageID := msg.Metadata.Get(sqsqueue.MetadataMessageID)
	if messageID == "" {
		messageID = msg.UUID
	}
	return &poison.Rejected{
		Body:          msg.Payload,
		Attributes:    msg.Metadata,
		Reason:        reason,
		SQSMessageID:  messageID,
		ReceiveCount:  msg.Metadata.Get(sqsqueue.MetadataReceiveCount),
		CorrelationID: msg.Metadata.Get(CorrelationIDKey),
		Handler:       handlerName,
		SeenAt:        time.Now(),
	}
}
