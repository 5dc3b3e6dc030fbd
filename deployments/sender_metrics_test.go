package deployments_test

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"maps"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/stretchr/testify/require"

	"github.com/eventmesh/processor/internal/envelope"
	"github.com/eventmesh/processor/internal/sender"
	"github.com/eventmesh/processor/internal/sender/sendertest"
	"github.com/eventmesh/processor/internal/store"
	"github.com/eventmesh/processor/internal/subscription"
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
		subscribe(t, w.SchemaDir, fmt.Sprintf("answers-%d", status), srv.URL)
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
	storeEvents(t, w, 12) // more than the breaker's minimum of requests

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

// senderConfig is a sender for the scrape: retries 50ms apart, loopback
// endpoints allowed, housekeeping (the backlog gauge) every 100ms.
func senderConfig(w *sendertest.World, reg *prometheus.Registry) sender.Config {
	return sender.Config{
		DatabaseURL: w.URL, SchemaDir: w.SchemaDir,
		Subscriptions:  senderSubscriptionOptions(),
		AllowAddresses: []string{"127.0.0.1"},
		Schedule:       []time.Duration{0, 50 * time.Millisecond, 50 * time.Millisecond},
		Jitter:         -1,
		RequestTimeout: 2 * time.Second, Lease: 10 * time.Second,
		PollInterval: 10 * time.Millisecond, TopicPollInterval: 20 * time.Millisecond,
		StateRefresh: 100 * time.Millisecond,
		CloseTimeout: 10 * time.Second,
		Logger:       slog.New(slog.NewTextHandler(io.Discard, nil)),
		Registry:     reg,
	}
}

// subscribe declares an endpoint of acme-shop receiving every event type.
func subscribe(t *testing.T, schemaDir, id, url string) {
	t.Helper()
	dir := filepath.Join(schemaDir, senderTenant, "_subscriptions")
	require.NoError(t, os.MkdirAll(dir, 0o755))
	file := fmt.Sprintf(`{"id":%q,"url":%q,"event_types":["*"],"enabled":true,"secrets":["env:SECRET"]}`, id, url)
	require.NoError(t, os.WriteFile(filepath.Join(dir, id+".jsonc"), []byte(file), 0o644))
}

// storeEvents stores n order-placed events of acme-shop in its topic table.
func storeEvents(t *testing.T, w *sendertest.World, n int) {
	t.Helper()
	for i := range n {
		_, err := w.Events.Save(context.Background(), &envelope.Event{
			ID: fmt.Sprintf("dash-%d", i), Tenant: senderTenant, Producer: "checkout-api", Type: "order-placed",
			SchemaVersion: "v2", Format: envelope.FormatCloudEvents, Data: json.RawMessage(fmt.Sprintf(`{"n":%d,"total":"12.50"}`, i)),
		}, store.Delivery{})
		require.NoError(t, err)
	}
}

// senderSubscriptionOptions resolve the endpoints' env:SECRET and allow
// http endpoints.
func senderSubscriptionOptions() subscription.Options {
	return subscription.Options{Lookup: func(name string) (string, bool) {
		return "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", name == "SECRET"
	}, AllowHTTP: true}
}
