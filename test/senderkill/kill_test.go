package senderkill

import (
	"context"
	"os"
	"strconv"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

// envInt reads a size of the test: the defaults keep it short for every
// test run; `make test/sender-kill` runs the 5,000 events and 10
// kills.
func envInt(name string, def int) int {
	if n, err := strconv.Atoi(os.Getenv(name)); err == nil && n > 0 {
		return n
	}
	return def
}

// TestKill_every_pair_is_delivered_across_SIGKILLs: events flow to three
// endpoints while the sender is SIGKILLed repeatedly, a second instance
// running beside the first for the middle third of the kills. Once the
// last sender drains, every (event, endpoint) pair has reached its
// endpoint at least once; duplicates are counted and reported.
func TestKill_every_pair_is_delivered_across_SIGKILLs(t *testing.T) {
	events, kills := envInt("SENDER_KILL_EVENTS", 1000), envInt("SENDER_KILL_TIMES", 4)
	w := newWorld(t, 3)
	ctx := context.Background()
	rate := 250.0
	published := make(chan error, 1)
	start := time.Now()
	go func() { published <- w.publish(ctx, events, rate) }()

	interval := time.Duration(float64(events)/rate/float64(kills+1)*float64(time.Second)) + 300*time.Millisecond
	a := w.startSender("a")
	var b *sender
	for k := 1; k <= kills; k++ {
		time.Sleep(interval)
		a.Kill()
		if b != nil {
			b.Kill()
			b = nil
		}
		a = w.startSender("a")
		if k >= kills/3 && k < 2*kills/3+1 {
			b = w.startSender("b")
		}
	}
	require.NoError(t, <-published)
	want := events
	require.Eventually(t, func() bool {
		for _, ep := range w.endpoints {
			if d, _ := ep.counts(); d < want {
				return false
			}
		}
		return true
	}, 5*time.Minute, 100*time.Millisecond, "every pair delivered")
	elapsed := time.Since(start)
	// Requests in flight at a SIGKILL reached their endpoint but their rows
	// stay pending until their lease ends and they are sent again.
	require.Eventually(t, func() bool { return w.notDelivered() == 0 }, 2*time.Minute, 100*time.Millisecond)
	a.stop()
	if b != nil {
		b.stop()
	}

	var rows, distinct, pending int
	require.NoError(t, w.pool.QueryRow(ctx, `SELECT count(*), count(DISTINCT webhook_id), count(*) FILTER (WHERE status <> 'delivered')
FROM sender_deliveries`).Scan(&rows, &distinct, &pending))
	require.Equal(t, 3*events, rows, "one delivery row per pair")
	require.Equal(t, rows, distinct)
	require.Zero(t, pending)
	duplicates := 0
	for _, ep := range w.endpoints {
		d, r := ep.counts()
		require.Equal(t, events, d, "endpoint %s got every event", ep.id)
		require.Zero(t, ep.invalid)
		duplicates += r - d
	}
	t.Logf("kill test: %d events × 3 endpoints = %d pairs, %d SIGKILLs (two instances for part), 0 missing, %d duplicate requests (%.2f%%), %s",
		events, 3*events, kills, duplicates, 100*float64(duplicates)/float64(3*events), elapsed.Round(time.Second))
}
