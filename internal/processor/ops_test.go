package processor_test

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/eventmesh/processor/internal/processor"
	"github.com/eventmesh/processor/internal/rejection"
)

func (b *bundle) get(t *testing.T, path string) (int, string) {
	t.Helper()
	resp, err := http.Get(fmt.Sprintf("http://%s%s", b.svc.HTTPAddr(), path))
	require.NoError(t, err)
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	require.NoError(t, err)
	return resp.StatusCode, string(body)
}

// scrape sums the samples of metric whose labels include every given one.
func (b *bundle) scrape(t *testing.T, metric string, labels ...string) float64 {
	t.Helper()
	_, body := b.get(t, "/metrics")
	sum := 0.0
	scanner := bufio.NewScanner(strings.NewReader(body))
	for scanner.Scan() {
		line := scanner.Text()
		name, rest, _ := strings.Cut(line, " ")
		if !strings.HasPrefix(name, metric) || (name != metric && name[len(metric)] != '{') || !hasLabels(name, labels) {
			continue
		}
		v, err := strconv.ParseFloat(strings.TrimSpace(rest), 64)
		require.NoError(t, err, line)
		sum += v
	}
	return sum
}

func hasLabels(name string, labels []string) bool {
	for _, l := range labels {
		if !strings.Contains(name, l) {
			return false
		}
	}
	return true
}

// counters is what the processor's /metrics says of a batch.
type counters struct {
	accepted, duplicates, latencyCount float64
	rejected                           map[rejection.Class]float64
	rejectedUnknownTenant              float64
	poisonBacklog                      float64
}

func (b *bundle) counters(t *testing.T, classes map[rejection.Class]int) counters {
	t.Helper()
	c := counters{
		accepted:     b.scrape(t, "event_processor_events_accepted_total"),
		duplicates:   b.scrape(t, "event_processor_events_duplicate_total"),
		latencyCount: b.scrape(t, "event_processor_end_to_end_latency_seconds_count"),
		rejected:     map[rejection.Class]float64{},
		rejectedUnknownTenant: b.scrape(t, "event_processor_events_rejected_total",
			`reason_class="`+string(rejection.ClassTenantUnknown)+`"`, `tenant="unknown"`),
		poisonBacklog: b.scrape(t, "event_processor_poison_backlog"),
	}
	for class := range classes {
		c.rejected[class] = b.scrape(t, "event_processor_events_rejected_total", `reason_class="`+string(class)+`"`)
	}
	return c
}

func atLeast(got, want map[rejection.Class]float64) bool {
	for class, n := range want {
		if got[class] < n {
			return false
		}
	}
	return true
}

// TestProcessor_metrics_and_health_after_a_known_batch waits until the
// counters reach what the batch must produce (the poison backlog gauge is
// refreshed only every 10s), then requires each to be exact: a loaded
// machine makes it slower, never different. The visibility timeout is long
// enough that a slow delete cannot cause a redelivery counted as a duplicate.
func TestProcessor_metrics_and_health_after_a_known_batch(t *testing.T) {
	t.Parallel()
	b := setup(t, func(cfg *processor.Config) { cfg.Subscriber.VisibilityTimeout = 60 * time.Second })
	code, body := b.get(t, "/healthz")
	require.Equal(t, http.StatusOK, code, body)
	code, body = b.get(t, "/readyz")
	require.Equal(t, http.StatusOK, code, body)
	var checks map[string]string
	require.NoError(t, json.Unmarshal([]byte(body), &checks))
	require.Equal(t, map[string]string{"postgres": "ok", "router": "ok", "sqs": "ok", "store": "ok"}, checks)

	want := b.publishMixedBatch(t)
	wantRejected := map[rejection.Class]float64{}
	for class, n := range want.poisoned {
		wantRejected[class] = float64(n)
	}
	var got counters
	eventually(t, 3*time.Minute, "every message counted", func() bool {
		got = b.counters(t, want.poisoned)
		return got.accepted >= float64(want.stored) && got.duplicates >= 3 &&
			got.latencyCount >= float64(want.stored) && got.poisonBacklog >= float64(b.total(want.poisoned)) &&
			atLeast(got.rejected, wantRejected)
	})
	t.Logf("counters: %+v", got)

	require.Equal(t, float64(want.stored), got.accepted)
	require.Equal(t, float64(3), got.duplicates)
	require.Equal(t, wantRejected, got.rejected)
	require.Equal(t, float64(want.stored), got.latencyCount)
	require.Equal(t, float64(want.poisoned[rejection.ClassTenantUnknown]), got.rejectedUnknownTenant,
		"tenants outside the registry are labelled unknown")
	require.Positive(t, b.scrape(t, "event_processor_router_handler_execution_time_seconds_count"), "watermill router metrics")

	b.pgProxy.Cut()
	code, body = b.get(t, "/readyz")
	require.Equal(t, http.StatusServiceUnavailable, code)
	require.NoError(t, json.Unmarshal([]byte(body), &checks))
	require.NotEqual(t, "ok", checks["postgres"])
	b.pgProxy.Restore()
}
