package backpressure_test

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/eventmesh/processor/internal/backpressure"
	"github.com/eventmesh/processor/internal/testenv"
)

// TestMain fails the run if a test leaves a goroutine running.
func TestMain(m *testing.M) { testenv.CheckLeaks(m) }

// fakeStore is a probe target that is up or down, and counts probes.
type fakeStore struct {
	down   atomic.Bool
	probes atomic.Int64
}

func (s *fakeStore) probe(context.Context) error {
	s.probes.Add(1)
	if s.down.Load() {
		return errors.New("connection refused")
	}
	return nil
}

func setup(t *testing.T) (*backpressure.Gate, *fakeStore, *atomic.Int64) {
	t.Helper()
	store := &fakeStore{}
	var changes atomic.Int64
	gate, err := backpressure.New(backpressure.Config{
		Probe:      store.probe,
		MinBackoff: time.Millisecond, MaxBackoff: 10 * time.Millisecond,
		OnChange: func(bool) { changes.Add(1) },
		Logger:   slog.New(slog.NewTextHandler(io.Discard, nil)),
	})
	require.NoError(t, err)
	t.Cleanup(gate.Close)
	return gate, store, &changes
}

func TestGate_is_open_while_the_store_answers(t *testing.T) {
	t.Parallel()
	gate, _, changes := setup(t)
	require.True(t, gate.Available())
	require.NoError(t, gate.Check(t.Context()))
	require.NoError(t, gate.Wait(t.Context()))
	require.Zero(t, changes.Load())
}

func TestGate_closes_on_a_failed_probe_and_reopens_when_the_store_answers(t *testing.T) {
	t.Parallel()
	gate, store, changes := setup(t)
	store.down.Store(true)

	err := gate.Check(t.Context())
	require.ErrorIs(t, err, backpressure.ErrUnavailable)
	require.ErrorContains(t, err, "connection refused")
	require.False(t, gate.Available())
	require.ErrorIs(t, gate.Check(t.Context()), backpressure.ErrUnavailable, "a closed gate answers without probing")

	ctx, cancel := context.WithTimeout(t.Context(), 20*time.Millisecond)
	defer cancel()
	require.ErrorIs(t, gate.Wait(ctx), context.DeadlineExceeded, "Wait blocks while the store is down")

	store.down.Store(false)
	require.NoError(t, gate.Wait(t.Context()), "Wait returns once a probe succeeds")
	require.True(t, gate.Available())
	require.Equal(t, int64(2), changes.Load(), "closed once, opened once")
}

func TestGate_concurrent_checks_wait_for_the_probe_in_progress(t *testing.T) {
	t.Parallel()
	release := make(chan struct{})
	var probes atomic.Int64
	gate, err := backpressure.New(backpressure.Config{Probe: func(ctx context.Context) error {
		probes.Add(1)
		<-release
		return nil
	}})
	require.NoError(t, err)
	defer gate.Close()

	results := make(chan error, 50)
	for range 50 {
		go func() { results <- gate.Check(context.Background()) }()
	}
	require.Eventually(t, func() bool { return probes.Load() == 1 }, time.Minute, time.Millisecond)
	close(release)
	for range 50 {
		require.NoError(t, <-results)
	}
}

func TestGate_probe_is_bounded_by_its_timeout(t *testing.T) {
	t.Parallel()
	gate, err := backpressure.New(backpressure.Config{
		ProbeTimeout: 10 * time.Millisecond,
		Probe: func(ctx context.Context) error {
			<-ctx.Done() // Postgres accepting connections but not answering
			return ctx.Err()
		},
		Logger: slog.New(slog.NewTextHandler(io.Discard, nil)),
	})
	require.NoError(t, err)
	defer gate.Close()
	require.ErrorIs(t, gate.Check(t.Context()), backpressure.ErrUnavailable)
	require.False(t, gate.Available())
}
