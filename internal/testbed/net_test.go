package testbed_test

import (
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/eventmesh/processor/internal/testbed"
)

func TestGet_returns_any_status_with_its_body(t *testing.T) {
	t.Parallel()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(http.StatusTeapot)
		_, _ = w.Write([]byte("short and stout"))
	}))
	t.Cleanup(srv.Close)

	status, body, err := testbed.Get(t.Context(), srv.URL, time.Minute)
	require.NoError(t, err)
	require.Equal(t, http.StatusTeapot, status)
	require.Equal(t, "short and stout", string(body))
	require.NoError(t, testbed.WaitHTTP(t.Context(), srv.URL, time.Minute))
}

func TestGet_without_a_server_is_an_error(t *testing.T) {
	t.Parallel()
	addr, err := testbed.FreeAddr()
	require.NoError(t, err)
	status, body, err := testbed.Get(t.Context(), "http://"+addr, time.Minute)
	require.Error(t, err)
	require.Zero(t, status)
	require.Nil(t, body)
}
