package receiver_test

import (
	"bytes"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/eventmesh/processor/internal/receiver"
	"github.com/eventmesh/processor/internal/webhook"
)

func TestReceiver_verifies_counts_and_drops_duplicates(t *testing.T) {
	t.Parallel()
	secret, err := webhook.ParseSecret("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw")
	require.NoError(t, err)
	other, err := webhook.NewSecret(bytes.Repeat([]byte{7}, 32))
	require.NoError(t, err)
	rc, err := receiver.New(receiver.Config{Secrets: []webhook.Secret{secret}, Remember: 2,
		Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
	require.NoError(t, err)
	srv := httptest.NewServer(rc)
	t.Cleanup(srv.Close)

	post := func(id string, s webhook.Secret) int {
		body := []byte(`{"specversion":"1.0","id":"e-` + id + `","type":"user-app","tenant":"client-1"}`)
		req, _ := http.NewRequest(http.MethodPost, srv.URL+"/webhooks/client-1", bytes.NewReader(body))
		webhook.SetHeaders(req.Header, []webhook.Secret{s}, "msg_"+id, time.Now(), body)
		resp, err := http.DefaultClient.Do(req)
		require.NoError(t, err)
		require.NoError(t, resp.Body.Close())
		return resp.StatusCode
	}
	require.Equal(t, http.StatusNoContent, post("a", secret))
	require.Equal(t, http.StatusNoContent, post("a", secret))
	require.Equal(t, http.StatusNoContent, post("b", secret))
	require.Equal(t, http.StatusUnauthorized, post("c", other))
	require.Equal(t, http.StatusNoContent, post("c", secret))
	require.Equal(t, http.StatusNoContent, post("a", secret), "forgotten: only 2 ids are remembered")

	s := rc.Stats()
	require.Equal(t, int64(4), s.Received)
	require.Equal(t, int64(1), s.Duplicates)
	require.Equal(t, int64(1), s.Invalid)
	require.Equal(t, map[string]map[string]int64{"client-1": {"user-app": 4}}, s.ByTenant)
}
