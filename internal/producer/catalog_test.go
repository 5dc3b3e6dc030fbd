package producer_test

import (
	"context"
	"encoding/json"
	"sync/atomic"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/eventmesh/processor/internal/producer"
	"github.com/eventmesh/processor/internal/registry"
	"github.com/eventmesh/processor/schemas"
)

// countedSamples is FixtureSamples counting its calls (one per target), and
// calling onCall with the count first.
func countedSamples(calls *atomic.Int64, onCall func(n int64)) producer.Samples {
	return func(tenant, eventType, version string) (valid, invalid []json.RawMessage) {
		onCall(calls.Add(1))
		return producer.FixtureSamples(tenant, eventType, version)
	}
}

func embeddedRegistry(t *testing.T) *registry.Registry {
	t.Helper()
	reg, err := registry.Load(schemas.FS)
	require.NoError(t, err)
	return reg
}

func TestNewCatalogContext_refuses_a_body_size_out_of_range_before_reading_any_sample(t *testing.T) {
	t.Parallel()
	reg := embeddedRegistry(t)
	for _, bodySize := range []int{-1, producer.MaxBodySize + 1, 100_000_000} {
		var calls atomic.Int64
		_, err := producer.NewCatalogContext(t.Context(), reg, countedSamples(&calls, func(int64) {}), bodySize)
		require.ErrorContains(t, err, "Mix.BodySize must be in [0, 262144]")
		require.Zero(t, calls.Load(), "no target was prepared")
	}
}

func TestNewCatalogContext_stops_padding_when_cancelled(t *testing.T) {
	t.Parallel()
	reg := embeddedRegistry(t)
	ctx, cancel := context.WithCancel(t.Context())
	defer cancel()
	var calls atomic.Int64
	// Cancel while the second target is being read, so its padding (the
	// slow part) starts with ctx already done.
	samples := countedSamples(&calls, func(n int64) {
		if n == 2 {
			cancel()
		}
	})
	_, err := producer.NewCatalogContext(ctx, reg, samples, producer.MaxBodySize)
	require.ErrorIs(t, err, context.Canceled)
	require.EqualValues(t, 2, calls.Load(), "no target was read after the cancellation")

	var all atomic.Int64
	_, err = producer.NewCatalogContext(t.Context(), reg, countedSamples(&all, func(int64) {}), 0)
	require.NoError(t, err)
	require.Greater(t, all.Load(), int64(2), "the registry has more targets than the cancelled run read")
}
