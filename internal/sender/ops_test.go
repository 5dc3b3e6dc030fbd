package sender_test

import (
	"context"
	"crypto/tls"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/eventmesh/processor/internal/webhook"
)

// Deliveries go to https endpoints (the only scheme allowed by default);
// /readyz, /healthz and /metrics report on them.
func TestSender_delivers_over_https_and_reports_metrics(t *testing.T) {
	t.Parallel()
	b := setup(t)
	secret, err := webhook.ParseSecret(testSecret)
	require.NoError(t, err)
	verified := make(chan error, 10)
	srv := httptest.NewTLSServer(http.HandlerFunc(func(_ http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		verified <- webhook.Verifier{Secrets: []webhook.Secret{secret}}.Verify(r.Header, body)
	}))
	t.Cleanup(srv.Close)
	b.subscribe("tls", srv.URL, "")
	cfg := b.config()
	cfg.Subscriptions.AllowHTTP = false
	cfg.Transport = srv.Client().Transport.(*http.Transport)
	cfg.Transport.TLSClientConfig = &tls.Config{RootCAs: srv.Client().Transport.(*http.Transport).TLSClientConfig.RootCAs}
	cfg.HTTPAddr = "127.0.0.1:0"
	b.start(cfg)
	b.publish("tls", 3)
	b.waitStatus("tls", "delivered", 3)
	for range 3 {
		require.NoError(t, <-verified)
	}

	base := "http://" + b.svc.HTTPAddr().String()
	for path, want := range map[string]string{
		"/healthz": `"ok"`,
		"/readyz":  `"postgres":"ok"`,
		"/metrics": `event_sender_deliveries_delivered_total{endpoint="tls",tenant="acme-shop"} 3`,
	} {
		req, _ := http.NewRequestWithContext(context.Background(), http.MethodGet, base+path, nil)
		resp, err := http.DefaultClient.Do(req)
		require.NoError(t, err)
		body, _ := io.ReadAll(resp.Body)
		require.NoError(t, resp.Body.Close())
		require.Equal(t, http.StatusOK, resp.StatusCode, path)
		require.True(t, strings.Contains(string(body), want), "%s: %s", path, body)
	}
}
