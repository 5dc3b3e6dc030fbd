package processor

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"

	"github.com/eventmesh/processor/internal/sqsqueue"
)

// Validate reports every invalid field at once, each error naming the field
// and its limit. New calls it with the defaults applied, before it reaches
// Postgres or SQS. The subscriber's own limits are sqsqueue's, checked by
// sqsqueue.NewSubscriber at the start-up step "create subscriber".
func (c Config) Validate() error {
	return errors.Join(
		required("DatabaseURL", c.DatabaseURL != ""),
		required("AWS.Credentials", c.AWS.Credentials != nil),
		between("MaxReceiveCount", c.MaxReceiveCount, 2, 1000),
		c.validateQueues(),
		c.validateSubscriber(),
		c.Retry.Validate(),
		c.validateStore(),
		c.validateRetryBudget(),
		between("CloseTimeout", c.CloseTimeout, 2*time.Second, time.Hour),
		between("StartupTimeout", c.StartupTimeout, time.Second, 24*time.Hour),
		c.validateStartupStepTimeout(),
	)
}

// queueSpec is the queues the processor creates when they are missing and
// compares when they exist.
func (c Config) queueSpec() sqsqueue.QueueSpec {
	return sqsqueue.QueueSpec{
		Name: c.QueueName, DeadLetterName: c.DeadLetterQueueName,
		MaxReceiveCount: c.MaxReceiveCount, VisibilityTimeout: c.Subscriber.VisibilityTimeout,
		MessageRetention: c.MessageRetention, DeadLetterRetention: c.DeadLetterRetention,
		OnMismatch: c.OnQueueMismatch, Logger: c.Logger,
	}
}

func (c Config) validateQueues() error {
	if err := c.queueSpec().Validate(); err != nil {
		return fmt.Errorf("processor: queues: %w", err)
	}
	return nil
}

// validateSubscriber refuses the subscriber fields the processor sets.
func (c Config) validateSubscriber() error {
	var errs []error
	if c.Subscriber.ReceiveGate != nil {
		errs = append(errs, errors.New("processor: Subscriber.ReceiveGate is the processor's store gate: leave it nil"))
	}
	if c.Subscriber.CloseTimeout != 0 {
		errs = append(errs, fmt.Errorf("processor: Subscriber.CloseTimeout is CloseTimeout less the shutdown reserve: "+
			"leave it zero and set CloseTimeout, got %s", c.Subscriber.CloseTimeout))
	}
	return errors.Join(append(errs, c.validateSubscriberRanges())...)
}

// validateSubscriberRanges checks the subscriber's settings against
// sqsqueue's limits before any start-up step (NewSubscriber checks them
// again when the subscriber is built, after the queues). The fields the
// processor sets itself, and the credentials, are checked above.
func (c Config) validateSubscriberRanges() error {
	sub := c.Subscriber.WithDefaults()
	sub.ReceiveGate, sub.CloseTimeout = nil, sqsqueue.DefaultCloseTimeout
	if sub.Client == nil && sub.AWSConfig.Credentials == nil {
		sub.AWSConfig.Credentials = aws.AnonymousCredentials{}
	}
	if err := sub.Validate(); err != nil {
		return fmt.Errorf("processor: Subscriber: %w", err)
	}
	return nil
}

// validateRetryBudget requires the longest a message can be in the handler
// chain (every attempt hits the commit timeout, every backoff is at its
// longest) to fit in the subscriber's MaxProcessingTime.
func (c Config) validateRetryBudget() error {
	attempts := c.Retry.MaxRetries + 1
	worst := time.Duration(attempts)*c.Store.CommitTimeout + c.Retry.MaxTotalWait()
	if limit := c.Subscriber.MaxProcessingTime; worst >= limit {
		return fmt.Errorf("processor: retries can take %s (%d attempts of up to Store.CommitTimeout %s, plus %s of backoff), "+
			"which does not fit in MaxProcessingTime %s: raise Subscriber.MaxProcessingTime or lower Retry.MaxRetries",
			worst, attempts, c.Store.CommitTimeout, c.Retry.MaxTotalWait(), limit)
	}
	return nil
}

func (c Config) validateStartupStepTimeout() error {
	if c.StartupStepTimeout < 500*time.Millisecond || c.StartupStepTimeout > c.StartupTimeout {
		return fmt.Errorf("processor: StartupStepTimeout must be in [500ms, StartupTimeout %s], got %s",
			c.StartupTimeout, c.StartupStepTimeout)
	}
	return nil
}

// required is the error of a required field that is not set, or nil.
func required(field string, set bool) error {
	if !set {
		return fmt.Errorf("processor: %s is required", field)
	}
	return nil
}

// between is the error of a field outside [lo, hi], or nil.
func between[T int | time.Duration](field string, got, lo, hi T) error {
	if got < lo || got > hi {
		return fmt.Errorf("processor: %s must be in [%s, %s], got %v", field, limit(lo), limit(hi), got)
	}
	return nil
}

// limit writes a limit as the field docs do: 1h, not 1h0m0s.
func limit[T int | time.Duration](v T) string {
	s := fmt.Sprint(v)
	if trimmed, ok := strings.CutSuffix(s, "m0s"); ok {
		s = trimmed + "m"
	}
	if trimmed, ok := strings.CutSuffix(s, "h0m"); ok {
		s = trimmed + "h"
	}
	return s
}

// validateStore checks the group-commit settings with the rest, before any
// connection; BaseContext is the service's own, set when it is built.
func (c Config) validateStore() error {
	store := c.Store
	if store.BaseContext == nil {
		store.BaseContext = context.Background()
	}
	if err := store.Validate(); err != nil {
		return fmt.Errorf("processor: Store: %w", err)
	}
	return nil
}
