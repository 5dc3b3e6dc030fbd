package middleware_test

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"sync/atomic"
	"testing"
	"time"

	"github.com/ThreeDotsLabs/watermill/message"
	"github.com/stretchr/testify/require"

	"github.com/eventmesh/processor/internal/backpressure"
	"github.com/eventmesh/processor/internal/rejection"
	"github.com/eventmesh/processor/middleware"
)

// storeGate is a real backpressure.Gate over a store that is up or down.
func storeGate(t *testing.T) (*backpressure.Gate, *atomic.Bool) {
	t.Helper()
	var down atomic.Bool
	gate, err := backpressure.New(backpressure.Config{
		Probe: func(context.Context) error {
			if down.Load() {
				return errors.New("connection refused")
			}
			return nil
		},
		MinBackoff: time.Millisecond, MaxBackoff: 5 * time.Millisecond,
		Logger: slog.New(slog.NewTextHandler(io.Discard, nil)),
	})
	require.NoError(t, err)
	t.Cleanup(gate.Close)
	return gate, &down
}

func TestHoldWhileUnavailable_holds_the_message_until_the_store_is_back(t *testing.T) {
	t.Parallel()
	gate, down := storeGate(t)
	down.Store(true)
	var calls atomic.Int64
	h := middleware.HoldWhileUnavailable(gate)(func(*message.Message) ([]*message.Message, error) {
		calls.Add(1)
		if down.Load() {
			return nil, errors.New("dial tcp: connection refused")
		}
		return nil, nil
	})
	result := make(chan error, 1)
	go func() {
		_, err := h(message.NewMessage("1", nil))
		result <- err
	}()

	require.Eventually(t, func() bool { return !gate.Available() }, time.Minute, time.Millisecond, "the failure closes the gate")
	require.Equal(t, int64(1), calls.Load(), "held: not run again while the store is down")
	down.Store(false) // Postgres is back

	require.NoError(t, <-result, "held, then stored: never returned for a Nack")
	require.Equal(t, int64(2), calls.Load())
}

func TestHoldWhileUnavailable_returns_errors_that_are_not_the_stores(t *testing.T) {
	t.Parallel()
	gate, _ := storeGate(t)
	for name, handlerErr := range map[string]error{
		"transient while the store answers": errors.New("lock timeout"),
		"permanent":                         &rejection.Error{Class: rejection.ClassSchema},
	} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			calls := 0
			h := middleware.HoldWhileUnavailable(gate)(countingHandler(&calls, handlerErr, handlerErr))
			_, err := h(message.NewMessage("1", nil))
			require.ErrorIs(t, err, handlerErr)
			require.Equal(t, 1, calls)
		})
	}
}

func TestHoldWhileUnavailable_gives_the_message_back_at_shutdown(t *testing.T) {
	t.Parallel()
	gate, down := storeGate(t)
	down.Store(true)
	ctx, cancel := context.WithCancel(context.Background())
	msg := message.NewMessage("1", nil)
	msg.SetContext(ctx)
	transient := errors.New("connection refused")
	h := middleware.HoldWhileUnavailable(gate)(func(*message.Message) ([]*message.Message, error) {
		cancel() // SIGTERM while the store is down
		return nil, transient
	})

	_, err := h(msg)

	require.ErrorIs(t, err, transient)
	require.ErrorIs(t, err, context.Canceled, "not poisoned: PoisonQueue lets context.Canceled through")
}
