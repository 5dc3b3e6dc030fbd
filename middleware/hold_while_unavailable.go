package middleware

import (
	"context"
	"errors"

	"github.com/ThreeDotsLabs/watermill/message"
)

// Availability is what HoldWhileUnavailable asks of the store's health
// (backpressure.Gate implements it).
type Availability interface {
	// Check returns nil when the store answers now.
	Check(ctx context.Context) error
	// Wait blocks until the store is available or ctx ends.
	Wait(ctx context.Context) error
}

// HoldWhileUnavailable keeps a message whose handling failed transiently
// while the store is unavailable: it waits until the store answers again and
// then runs the handler anew, as often as needed, instead of returning the
// error (which would Nack the message and spend one of its SQS receives; a
// Postgres failover of a minute would otherwise move a backlog to the
// dead-letter queue). The subscriber keeps extending the message's
// visibility meanwhile, up to its MaxProcessingTime.
//
// Errors are returned as they are when they are permanent (*rejection.Error),
// panics, lasting failures of one tenant (store.TenantStalledError: Postgres
// answers), when the store answers (a failure of this message, not of the
// store: the message is Nacked and redelivered), or when the message's
// context ends (shutdown: the message is left to SQS, never poisoned).
//
// Place it outside PoisonQueue, so a poison record that cannot be written
// during an outage is held too.
func HoldWhileUnavailable(store Availability) message.HandlerMiddleware {
	return func(h message.HandlerFunc) message.HandlerFunc {
		return func(msg *message.Message) ([]*message.Message, error) {
			for {
				produced, err := h(msg)
				if err == nil || !retryable(err) || isLasting(err) || store.Check(msg.Context()) == nil {
					return produced, err
				}
				if waitErr := store.Wait(msg.Context()); waitErr != nil {
					return nil, errors.Join(err, waitErr)
				}
			}
		}
	}
}
