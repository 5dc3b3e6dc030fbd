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

func TestProcessor_metrics_and_health_after_a_known_batch(t *testing.T) {
	t.Parallel()
	b := setup(t, nil)
	code, body := b.get(t, "/healthz")
	require.Equal(t, http.StatusOK, code, body)
	code, body = b.get(t, "/readyz")
	require.Equal(t, http.StatusOK, code, body)
	var checks map[string]string
	require.NoError(t, json.Unmarshal([]byte(body), &checks))
	require.Equal(t, map[string]string{"postgres": "ok", "router": "ok", "sqs": "ok"}, checks)

	want := b.publishMixedBatch(t)
	eventually(t, 60*time.Second, "every message counted", func() bool {
		return b.scrape(t, "event_processor_events_accepted_total") >= float64(want.stored) &&
			b.scrape(t, "event_processor_events_rejected_total") >= float64(b.total(want.poisoned))
	})
	time.Sleep(time.Second)

	require.Equal(t, float64(want.stored), b.scrape(t, "event_processor_events_accepted_total"))
	require.Equal(t, float64(3), b.scrape(t, "event_processor_events_duplicate_total"))
	for class, n := range want.poisoned {
		require.Equal(t, float64(n), b.scrape(t, "event_processor_events_rejected_total", `reason_class="`+string(class)+`"`), class)
	}
	require.Equal(t, float64(want.poisoned[rejection.ClassTenantUnknown]), b.scrape(t, "event_processor_events_rejected_total",
		`reason_class="`+string(rejection.ClassTenantUnknown)+`"`, `tenant="unknown"`),
		"tenants outside the registry are labelled unknown")
	require.Equal(t, float64(want.stored), b.scrape(t, "event_processor_end_to_end_latency_seconds_count"))
	require.GreaterOrEqual(t, b.scrape(t, "event_processor_poison_backlog"), float64(b.total(want.poisoned)))
	require.Positive(t, b.scrape(t, "event_processor_router_handler_execution_time_seconds_count"), "watermill router metrics")

	b.pgProxy.Cut()
	code, body = b.get(t, "/readyz")
	require.Equal(t, http.StatusServiceUnavailable, code)
	require.NoError(t, json.Unmarshal([]byte(body), &checks))
	require.NotEqual(t, "ok", checks["postgres"])
	b.pgProxy.Restore()
}
