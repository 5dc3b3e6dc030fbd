package deployments_test

import (
	"context"
	"fmt"
	"maps"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/stretchr/testify/require"

	"github.com/eventmesh/processor/internal/sender"
	"github.com/eventmesh/processor/internal/sender/sendertest"
)

// senderPrefix names the sender's metrics (internal/sender/metrics.go).
const senderPrefix = "event_sender_"

// exportedMetrics returns every series name the processor or the sender
// exports: the names the dashboard and the alerts may query besides
// externalMetrics.
func exportedMetrics(t *testing.T) map[string]bool {
	t.Helper()
	names := maps.Clone(processorMetrics(t))
	maps.Copy(names, senderMetrics(t))
	return names
}

// senderMetrics returns the names of every series a running sender
// exports, once per test run: a real sender (sender.New with its own
// prometheus.Registry, as cmd/sender builds it) against Postgres, in a
// schema of its own, delivering events of acme-shop to three endpoints
// that answer 200, 500 and 410, so that its delivered, retried, failed,
// disabled, attempt, circuit, backlog and latency series exist. Its
// labelled metrics have no series before their first observation, so it
// waits until every event_sender_* name the dashboard and the alerts
// query is gathered, or 2 minutes: a name missing then is reported by the
// test that queries it.
func senderMetrics(t *testing.T) map[string]bool {
	t.Helper()
	scrapedSender.Lock()
	defer scrapedSender.Unlock()
	if scrapedSender.names == nil {
		scrapedSender.names = scrapeSender(t, queriedSenderMetrics(t))
	}
	return scrapedSender.names
}

// scrapedSender holds senderMetrics' answer for the tests after the first.
var scrapedSender struct {
	sync.Mutex
	names map[string]bool
}

// queriedSenderMetrics are the event_sender_* names the committed
// dashboard and alerts.yml query.
func queriedSenderMetrics(t *testing.T) []string {
	t.Helper()
	var exprs []string
	for _, e := range dashboardQueries(t) {
		exprs = append(exprs, e...)
	}
	for _, r := range alertRules(t) {
		exprs = append(exprs, r.Expr)
	}
	var names []string
	for _, expr := range exprs {
		for _, m := range metricNames(expr) {
			if strings.HasPrefix(m, senderPrefix) && !slices.Contains(names, m) {
				names = append(names, m)
			}
		}
	}
	return names
}

const senderTenant = "acme-shop"

func scrapeSender(t *testing.T, want []string) map[string]bool {
	t.Helper()
	w := sendertest.New(t, senderTenant)
	var requests [3]atomic.Int64
	for i, status := range []int{http.StatusOK, http.StatusInternalServerError, http.StatusGone} {
		srv := httptest.NewServer(http.HandlerFunc(func(rw http.ResponseWriter, _ *http.Request) {
			requests[i].Add(1)
			rw.WriteHeader(status)
		}))
		defer srv.Close()
		w.Subscribe(t, fmt.Sprintf("answers-%d", status), srv.URL, "")
	}
	reg := prometheus.NewRegistry()
	svc, err := sender.New(context.Background(), senderConfig(w, reg))
	require.NoError(t, err)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- svc.Run(ctx) }()
	defer func() {
		cancel()
		require.NoError(t, <-done)
	}()
	w.Publish(t, "dash", 12) // more than the breaker's minimum of requests

	var names map[string]bool
	deadline := time.Now().Add(2 * time.Minute)
	for {
		names = gatherNames(t, reg)
		if !slices.ContainsFunc(want, func(m string) bool { return !names[m] }) || time.Now().After(deadline) {
			t.Logf("sender series after requests %d (200), %d (500), %d (410): %v",
				requests[0].Load(), requests[1].Load(), requests[2].Load(), slices.Sorted(maps.Keys(names)))
			return names
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// senderConfig is a sender for the scrape (sendertest's) whose retries
// are 50ms apart and whose housekeeping (the backlog gauge) runs every
// 100ms, exporting to reg.
func senderConfig(w *sendertest.World, reg *prometheus.Registry) sender.Config {
	cfg := w.Config()
	cfg.Schedule = []time.Duration{0, 50 * time.Millisecond, 50 * time.Millisecond}
	cfg.StateRefresh = 100 * time.Millisecond
	cfg.Registry = reg
	return cfg
}
