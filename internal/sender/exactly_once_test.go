package sender_test

import (
	"context"
	"net/url"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/stretchr/testify/require"

	"github.com/eventmesh/processor/internal/testenv"
)

// Two sender instances share one consumer group; one of them loses its
// Postgres connections (every transaction in flight dies, as in a crash)
// and another is stopped and replaced mid-stream. Every (event, endpoint)
// pair is recorded once and delivered, none is missing, and the consumer
// group's offset reaches the last event.
func TestSender_fan_out_is_exactly_once_across_crashes_and_restarts(t *testing.T) {
	t.Parallel()
	b := setup(t)
	one, two := newReceiver(t, nil), newReceiver(t, nil)
	b.subscribe("one", one.URL, `,"rate_limit":5000`)
	b.subscribe("two", two.URL, `,"rate_limit":5000`)

	u, err := url.Parse(testenv.DatabaseURL())
	require.NoError(t, err)
	proxy := testenv.NewFaultProxy(t, u.Host)
	viaProxy := b.config()
	viaProxy.DatabaseURL = testenv.DatabaseURLVia(proxy.Addr()) + "&search_path=" + b.searchPath()
	regA := prometheus.NewRegistry()
	viaProxy.Registry = regA
	b.start(viaProxy)

	direct := b.config()
	regB := prometheus.NewRegistry()
	direct.Registry = regB
	stopB := b.startStoppable(direct)

	const waves, perWave = 4, 150
	for w := range waves {
		b.publish("w"+string(rune('a'+w)), perWave)
		switch w {
		case 1:
			proxy.Cut() // instance A's transactions die mid-stream
			time.Sleep(300 * time.Millisecond)
			proxy.Restore()
		case 2:
			stopB() // instance B stops, another takes its place
			regC := prometheus.NewRegistry()
			direct.Registry = regC
			b.start(direct)
		}
	}
	total := waves * perWave
	b.waitStatus("one", "delivered", total)
	b.waitStatus("two", "delivered", total)

	ctx := context.Background()
	var missing, rows, distinct int
	require.NoError(t, b.pool.QueryRow(ctx, `SELECT count(*) FROM "watermill_events_acme-shop" e
CROSS JOIN (VALUES ('one'), ('two')) AS ep(id)
WHERE NOT EXISTS (SELECT 1 FROM sender_deliveries d WHERE d.event_id = e.metadata->>'event_id' AND d.endpoint_id = ep.id)`).Scan(&missing))
	require.Zero(t, missing)
	require.NoError(t, b.pool.QueryRow(ctx, `SELECT count(*), count(DISTINCT (event_id, endpoint_id)) FROM sender_deliveries`).Scan(&rows, &distinct))
	require.Equal(t, 2*total, rows)
	require.Equal(t, rows, distinct)

	// The group's position is the last row in (transaction_id, offset)
	// order, watermill-sql's reading order: with concurrent writers it need
	// not hold the highest offset.
	var acked, last string
	require.NoError(t, b.pool.QueryRow(ctx, `SELECT last_processed_transaction_id::text || '/' || offset_acked
FROM "watermill_offsets_events_acme-shop" WHERE consumer_group = 'sender'`).Scan(&acked))
	require.NoError(t, b.pool.QueryRow(ctx, `SELECT transaction_id::text || '/' || "offset" FROM "watermill_events_acme-shop"
ORDER BY transaction_id DESC, "offset" DESC LIMIT 1`).Scan(&last))
	require.Equal(t, last, acked)

	for _, rc := range []*receiver{one, two} {
		rc.mu.Lock()
		require.Len(t, rc.got, total, "every webhook-id reached its endpoint")
		require.Zero(t, rc.badSigs)
		rc.mu.Unlock()
	}
	dups := one.requests() + two.requests() - 2*total
	conflicts := 0.0
	for _, reg := range []*prometheus.Registry{regA, regB} {
		conflicts += sumCounter(t, reg, "event_sender_fanout_conflicts_total")
	}
	t.Logf("%d pairs delivered; %d duplicate requests (at least once), %v fan-out conflicts absorbed by the unique webhook-id", 2*total, dups, conflicts)
}

func sumCounter(t *testing.T, reg *prometheus.Registry, name string) float64 {
	families, err := reg.Gather()
	require.NoError(t, err)
	sum := 0.0
	for _, f := range families {
		if f.GetName() != name {
			continue
		}
		for _, m := range f.GetMetric() {
			sum += m.GetCounter().GetValue()
		}
	}
	return sum
}
