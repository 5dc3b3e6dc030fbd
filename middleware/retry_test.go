package middleware_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/ThreeDotsLabs/watermill/message"
	"github.com/stretchr/testify/require"

	"github.com/eventmesh/processor/internal/rejection"
	"github.com/eventmesh/processor/middleware"
)

func fastRetry(maxRetries int) middleware.Retry {
	return middleware.Retry{MaxRetries: maxRetries, InitialInterval: time.Millisecond, MaxInterval: 2 * time.Millisecond}
}

func countingHandler(calls *int, errs ...error) message.HandlerFunc {
	return func(*message.Message) ([]*message.Message, error) {
		*calls++
		if *calls <= len(errs) {
			return nil, errs[*calls-1]
		}
		return nil, nil
	}
}

func TestRetry_transient_error_is_retried_until_it_succeeds(t *testing.T) {
	t.Parallel()
	calls := 0
	transient := errors.New("connection refused")
	h := fastRetry(3).Middleware(countingHandler(&calls, transient, transient))

	_, err := h(message.NewMessage("1", nil))

	require.NoError(t, err)
	require.Equal(t, 3, calls)
}

func TestRetry_gives_up_after_max_retries_with_the_last_error(t *testing.T) {
	t.Parallel()
	calls := 0
	transient := errors.New("connection refused")
	h := fastRetry(2).Middleware(countingHandler(&calls, transient, transient, transient, transient))

	_, err := h(message.NewMessage("1", nil))

	require.ErrorIs(t, err, transient)
	require.Equal(t, 3, calls)
}

func TestRetry_permanent_errors_and_panics_are_not_retried(t *testing.T) {
	t.Parallel()
	for name, handlerErr := range map[string]error{
		"rejection": &rejection.Error{Class: rejection.ClassSchema},
		"canceled":  context.Canceled,
	} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			calls := 0
			h := fastRetry(5).Middleware(countingHandler(&calls, handlerErr))
			_, err := h(message.NewMessage("1", nil))
			require.ErrorIs(t, err, handlerErr)
			require.Equal(t, 1, calls)
		})
	}
	t.Run("panic", func(t *testing.T) {
		t.Parallel()
		calls := 0
		h := fastRetry(5).Middleware(middleware.Recoverer(func(*message.Message) ([]*message.Message, error) {
			calls++
			panic("boom")
		}))
		_, err := h(message.NewMessage("1", nil))
		require.True(t, middleware.IsPanic(err))
		require.Equal(t, 1, calls)
	})
}

func TestRetry_MaxTotalWait_bounds_the_backoff(t *testing.T) {
	t.Parallel()
	r := middleware.Retry{MaxRetries: 4, InitialInterval: 100 * time.Millisecond, MaxInterval: 300 * time.Millisecond}
	// 100 + 200 + 300 + 300 ms, each up to +25% jitter.
	require.Equal(t, 1125*time.Millisecond, r.MaxTotalWait())
	require.Error(t, middleware.Retry{MaxRetries: 1, InitialInterval: time.Second, MaxInterval: time.Millisecond}.Validate())
}
