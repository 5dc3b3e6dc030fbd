package ops_test

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/stretchr/testify/require"

	"github.com/eventmesh/processor/internal/ops"
)

func get(t *testing.T, h http.Handler, path string) (int, map[string]string) {
	t.Helper()
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, path, nil))
	var body map[string]string
	if rec.Header().Get("Content-Type") == "application/json" {
		require.NoError(t, json.Unmarshal(rec.Body.Bytes(), &body))
	}
	return rec.Code, body
}

func TestHandler_readyz_fails_when_any_check_fails(t *testing.T) {
	t.Parallel()
	healthy := true
	h := ops.Handler(prometheus.NewRegistry(), map[string]ops.Check{
		"postgres": func(context.Context) error { return nil },
		"sqs": func(context.Context) error {
			if healthy {
				return nil
			}
			return errors.New("queue unreachable")
		},
	}, false)

	code, body := get(t, h, "/readyz")
	require.Equal(t, http.StatusOK, code)
	require.Equal(t, map[string]string{"postgres": "ok", "sqs": "ok"}, body)

	healthy = false
	code, body = get(t, h, "/readyz")
	require.Equal(t, http.StatusServiceUnavailable, code)
	require.Equal(t, "queue unreachable", body["sqs"])

	code, _ = get(t, h, "/healthz")
	require.Equal(t, http.StatusOK, code, "liveness does not depend on dependencies")
}

func TestHandler_serves_metrics_and_profiler_only_when_asked(t *testing.T) {
	t.Parallel()
	reg := prometheus.NewRegistry()
	reg.MustRegister(prometheus.NewCounter(prometheus.CounterOpts{Name: "probe_total", Help: "probe"}))

	rec := httptest.NewRecorder()
	ops.Handler(reg, nil, false).ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/metrics", nil))
	require.Contains(t, rec.Body.String(), "probe_total 0")

	code, _ := get(t, ops.Handler(reg, nil, false), "/debug/pprof/")
	require.Equal(t, http.StatusNotFound, code)
	code, _ = get(t, ops.Handler(reg, nil, true), "/debug/pprof/")
	require.Equal(t, http.StatusOK, code)
}
