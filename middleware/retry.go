package middleware

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"time"

	"github.com/ThreeDotsLabs/watermill/message"

	"github.com/eventmesh/processor/internal/rejection"
)

// Retry retries the handler on transient errors with exponential backoff and
// jitter. Permanent errors (*rejection.Error) and panics are returned at once,
// never retried. When the retries are used up the last error is returned, so
// the message is Nacked and SQS redelivers it later. An error that says no
// retry within the process can cure it soon (RetryInProcess false:
// store.TenantStalledError) is returned at once, and the message is
// delivered again only after a delay that doubles with its receives (5s to
// 5m), so it holds no in-flight slot and spends its receives slowly.
//
// Watermill's own Retry middleware retries every error unless ShouldRetry
// says otherwise, and in v1.5.1 its ShouldRetry and OnRetryHook advance the
// backoff themselves; this one has one rule and a backoff that is predictable,
// so the processor can check that retries fit in the visibility timeout.
type Retry struct {
	// MaxRetries is the number of retries after the first attempt; zero
	// means none (the processor uses DefaultMaxRetries unless
	// RETRY_MAX_RETRIES says otherwise). Between 0 and 100.
	MaxRetries int
	// InitialInterval is the wait before the first retry. Default 100ms.
	InitialInterval time.Duration
	// MaxInterval caps each wait. Default 2s.
	MaxInterval time.Duration
	// OnRetry, when set, is called before each retry (for metrics).
	OnRetry func(msg *message.Message, retry int, err error)
}

// DefaultMaxRetries is the processor's number of retries.
const DefaultMaxRetries = 4

// WithDefaults returns r with zero intervals set to their defaults; a zero
// MaxRetries stays zero.
func (r Retry) WithDefaults() Retry {
	if r.InitialInterval == 0 {
		r.InitialInterval = 100 * time.Millisecond
	}
	if r.MaxInterval == 0 {
		r.MaxInterval = 2 * time.Second
	}
	return r
}

// Validate reports the first invalid field.
func (r Retry) Validate() error {
	switch {
	case r.MaxRetries < 0 || r.MaxRetries > 100:
		return fmt.Errorf("retry: MaxRetries must be in [0, 100], got %d", r.MaxRetries)
	case r.InitialInterval <= 0:
		return fmt.Errorf("retry: InitialInterval must be positive, got %s", r.InitialInterval)
	case r.MaxInterval < r.InitialInterval:
		return fmt.Errorf("retry: MaxInterval (%s) must be at least InitialInterval (%s)", r.MaxInterval, r.InitialInterval)
	}
	return nil
}

// MaxTotalWait is the longest time all retries of one message can wait, with
// jitter at its maximum: what must fit in the SQS visibility timeout.
func (r Retry) MaxTotalWait() time.Duration {
	var total time.Duration
	for i := range r.MaxRetries {
		total += r.interval(i) * 5 / 4
	}
	return total
}

// Middleware returns the retrying middleware.
func (r Retry) Middleware(h message.HandlerFunc) message.HandlerFunc {
	r = r.WithDefaults()
	return func(msg *message.Message) ([]*message.Message, error) {
		produced, err := h(msg)
		for retry := 0; err != nil && retryable(err); retry++ {
			if isLasting(err) {
				retryLater(msg) // on any attempt, not only the first
				break
			}
			if retry >= r.MaxRetries {
				break
			}
			if r.OnRetry != nil {
				r.OnRetry(msg, retry+1, err)
			}
			if waitErr := sleep(msg.Context(), jitter(r.interval(retry))); waitErr != nil {
				return nil, errors.Join(err, waitErr)
			}
			produced, err = h(msg)
		}
		return produced, err
	}
}

func (r Retry) interval(retry int) time.Duration {
	d := r.InitialInterval << min(retry, 30)
	if d <= 0 || d > r.MaxInterval {
		return r.MaxInterval
	}
	return d
}

func retryable(err error) bool {
	return !rejection.IsPermanent(err) && !IsPanic(err) && !errors.Is(err, context.Canceled)
}

func jitter(d time.Duration) time.Duration {
	return d*3/4 + rand.N(d/2+1)
}

func sleep(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}
