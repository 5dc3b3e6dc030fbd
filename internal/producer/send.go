package producer

import (
	"context"
	"errors"
	"math/rand/v2"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/aws/retry"
	"github.com/aws/aws-sdk-go-v2/service/sqs/types"
	"github.com/aws/smithy-go"
)

// send publishes m, retrying transient failures with exponential backoff
// and jitter until it succeeds, fails permanently or ctx is cancelled.
func (r *run) send(ctx context.Context, m Message) {
	msg := m.Watermill()
	backoff := r.cfg.InitialBackoff
	for attempt := 1; ; attempt++ {
		err := r.pub.Publish(r.cfg.Topic, msg)
		switch {
		case err == nil:
			r.tally.add(m)
			return
		case Permanent(err):
			r.failed.Add(1)
			r.cfg.Logger.Error("message refused, not retried", "message_uuid", m.UUID, "kind", m.Kind, "error", err)
			return
		}
		r.retries.Add(1)
		r.cfg.Logger.Warn("send failed, retrying", "message_uuid", m.UUID, "attempt", attempt, "backoff", backoff, "error", err)
		if !sleep(ctx, jitter(backoff)) {
			r.unsent.Add(1)
			return
		}
		backoff = min(2*backoff, r.cfg.MaxBackoff)
	}
}

// Permanent reports whether a failed send can never succeed as it is: SQS
// refused the request itself (a client fault such as an invalid attribute or
// an oversize body), other than for a missing queue (the processor creates
// it on start-up) or throttling. Every other error is transient.
func Permanent(err error) bool {
	var apiErr smithy.APIError
	if !errors.As(err, &apiErr) || apiErr.ErrorFault() != smithy.FaultClient {
		return false
	}
	var missing *types.QueueDoesNotExist
	if errors.As(err, &missing) {
		return false
	}
	return retry.IsErrorThrottles(retry.DefaultThrottles).IsErrorThrottle(err) != aws.TrueTernary
}

// jitter returns a random duration in [d/2, d).
func jitter(d time.Duration) time.Duration {
	return d/2 + rand.N(d/2+1)
}

// sleep waits d, or returns false as soon as ctx is cancelled.
func sleep(ctx context.Context, d time.Duration) bool {
	if d <= 0 {
		return ctx.Err() == nil
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return true
	case <-ctx.Done():
		return false
	}
}
