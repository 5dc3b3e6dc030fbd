package middleware_test

import (
	"errors"
	"testing"
	"time"

	"github.com/ThreeDotsLabs/watermill/message"
	"github.com/stretchr/testify/require"

	"github.com/eventmesh/processor/internal/sqsqueue"
	"github.com/eventmesh/processor/internal/store"
	"github.com/eventmesh/processor/middleware"
)

func TestRetry_a_stalled_tenant_is_not_retried_in_process_and_comes_back_later(t *testing.T) {
	t.Parallel()
	for receives, want := range map[string]time.Duration{
		"1": 5 * time.Second, "2": 10 * time.Second, "4": 40 * time.Second, "7": 5 * time.Minute, "": 5 * time.Second,
	} {
		t.Run("receive "+receives, func(t *testing.T) {
			t.Parallel()
			calls := 0
			stalled := &store.TenantStalledError{Tenant: "nordlys-bank", Since: time.Now(), Err: errors.New("lock timeout")}
			h := fastRetry(4).Middleware(countingHandler(&calls, stalled, stalled, stalled))
			msg := message.NewMessage("1", nil)
			msg.Metadata.Set(sqsqueue.MetadataReceiveCount, receives)

			_, err := h(msg)

			require.ErrorIs(t, err, stalled)
			require.Equal(t, 1, calls, "no retry holds the in-flight slot")
			require.Equal(t, want.String(), msg.Metadata.Get(sqsqueue.MetadataNackDelay))
		})
	}
}

func TestHoldWhileUnavailable_does_not_hold_a_stalled_tenant(t *testing.T) {
	t.Parallel()
	gate, down := storeGate(t)
	down.Store(true) // a probe would close the gate: it must not be asked
	calls := 0
	stalled := &store.TenantStalledError{Tenant: "nordlys-bank", Since: time.Now(), Err: errors.New("lock timeout")}
	h := middleware.HoldWhileUnavailable(gate)(countingHandler(&calls, stalled))

	_, err := h(message.NewMessage("1", nil))

	require.ErrorIs(t, err, stalled)
	require.Equal(t, 1, calls)
	require.True(t, gate.Available(), "one tenant's lock is not the store's outage")
}

func TestRetry_a_tenant_stalled_on_a_retry_comes_back_later_too(t *testing.T) {
	t.Parallel()
	calls := 0
	stalled := &store.TenantStalledError{Tenant: "nordlys-bank", Since: time.Now(), Err: errors.New("lock timeout")}
	h := fastRetry(4).Middleware(countingHandler(&calls, errors.New("lock timeout"), stalled, stalled))
	msg := message.NewMessage("1", nil)
	msg.Metadata.Set(sqsqueue.MetadataReceiveCount, "1")

	_, err := h(msg)

	require.ErrorIs(t, err, stalled)
	require.Equal(t, 2, calls, "the first failure is retried; the stall is not")
	require.Equal(t, (5 * time.Second).String(), msg.Metadata.Get(sqsqueue.MetadataNackDelay))
}
