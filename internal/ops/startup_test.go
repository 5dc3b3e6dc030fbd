package ops_test

import (
	"context"
	"errors"
	"net/http"
	"testing"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/stretchr/testify/require"

	"github.com/eventmesh/processor/internal/ops"
)

func TestStartupHandler_readyz_names_the_step_until_finished(t *testing.T) {
	t.Parallel()
	startup := ops.NewStartup()
	h := ops.StartupHandler(prometheus.NewRegistry(), startup, false)

	code, _ := get(t, h, "/healthz")
	require.Equal(t, http.StatusOK, code, "alive from the start")

	startup.Begin("create poison table")
	code, body := get(t, h, "/readyz")
	require.Equal(t, http.StatusServiceUnavailable, code)
	require.Equal(t, map[string]string{"startup": "waiting for: create poison table (0s)"}, body)

	startup.Failed(errors.New("watermill_poison locked"))
	_, body = get(t, h, "/readyz")
	require.Equal(t, "waiting for: create poison table (0s); last attempt: watermill_poison locked", body["startup"])

	startup.Finish(map[string]ops.Check{"postgres": func(context.Context) error { return nil }})
	code, body = get(t, h, "/readyz")
	require.Equal(t, http.StatusOK, code)
	require.Equal(t, map[string]string{"postgres": "ok"}, body, "the dependency checks once started")
}
