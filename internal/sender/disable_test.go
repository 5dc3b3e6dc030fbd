package sender_test

import (
	"context"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

// An endpoint that has failed without a success for longer than
// DisableAfter is disabled at its next failure; its pending deliveries are
// skipped.
func TestSender_disables_an_endpoint_failing_for_too_long(t *testing.T) {
	t.Parallel()
	b := setup(t)
	down := newReceiver(t, func(w http.ResponseWriter, _ *http.Request) { w.WriteHeader(http.StatusBadGateway) })
	b.subscribe("down", down.URL, `,"max_in_flight":1`)
	cfg := b.config()
	cfg.DisableAfter = time.Minute
	cfg.Schedule = []time.Duration{0, time.Hour}
	ctx := context.Background()
	b.start(cfg)
	_, err := b.pool.Exec(ctx, `INSERT INTO sender_endpoints (tenant, endpoint_id, failing_since) VALUES ($1, 'down', now() - interval '2 minutes')`, tenant)
	require.NoError(t, err)
	b.publish("evt", 3)

	var reason string
	require.Eventually(t, func() bool {
		err := b.pool.QueryRow(ctx, `SELECT coalesce(disabled_reason, '') FROM sender_endpoints WHERE endpoint_id = 'down'`).Scan(&reason)
		return err == nil && reason != ""
	}, waitFor, 20*time.Millisecond)
	require.True(t, strings.HasPrefix(reason, "failing since "), reason)
	require.Eventually(t, func() bool {
		s := b.statuses()
		return s["down:skipped"] >= 2 && s["down:pending"] == 0
	}, waitFor, 20*time.Millisecond, "%v", b.statuses())
}
