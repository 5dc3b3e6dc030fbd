package egress_test

import (
	"context"
	"errors"
	"net"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/eventmesh/processor/internal/egress"
)

func TestGuard_refuses_non_public_addresses(t *testing.T) {
	t.Parallel()
	g, err := egress.NewGuard(nil)
	require.NoError(t, err)
	for _, a := range []string{
		"127.0.0.1", "127.9.9.9", "::1", "10.1.2.3", "172.16.0.1", "192.168.1.1", "169.254.169.254",
		"fd00:ec2::254", "fe80::1", "0.0.0.0", "::", "100.100.100.200", "224.0.0.1", "::ffff:127.0.0.1",
		"::ffff:169.254.169.254", "64:ff9b::a9fe:a9fe", "255.255.255.255",
	} {
		var forbidden *egress.ForbiddenAddressError
		require.ErrorAs(t, g.Check(netip.MustParseAddr(a)), &forbidden, a)
	}
	for _, a := range []string{"93.184.216.34", "1.1.1.1", "2606:4700:4700::1111"} {
		require.NoError(t, g.Check(netip.MustParseAddr(a)), a)
	}
}

func TestGuard_allow_list(t *testing.T) {
	t.Parallel()
	g, err := egress.NewGuard([]string{"127.0.0.1", "10.0.0.0/8", " "})
	require.NoError(t, err)
	require.NoError(t, g.Check(netip.MustParseAddr("127.0.0.1")))
	require.NoError(t, g.Check(netip.MustParseAddr("::ffff:127.0.0.1")))
	require.NoError(t, g.Check(netip.MustParseAddr("10.200.0.1")))
	require.Error(t, g.Check(netip.MustParseAddr("127.0.0.2")))

	_, err = egress.NewGuard([]string{"localhost", "10.0.0.0/33"})
	require.ErrorContains(t, err, `"localhost"`)
	require.ErrorContains(t, err, `"10.0.0.0/33"`)
}

// The check runs on the address dialled, whatever name the URL holds.
func TestClient_checks_the_address_actually_dialled(t *testing.T) {
	t.Parallel()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {}))
	t.Cleanup(srv.Close)
	_, port, _ := net.SplitHostPort(srv.Listener.Addr().String())

	refusing, err := egress.NewGuard(nil)
	require.NoError(t, err)
	for _, url := range []string{srv.URL, "http://localhost:" + port} {
		req, _ := http.NewRequestWithContext(context.Background(), http.MethodPost, url, nil)
		_, err = newClient(t, refusing).Do(req)
		var forbidden *egress.ForbiddenAddressError
		require.True(t, errors.As(err, &forbidden), "%s: %v", url, err)
	}

	allowing, err := egress.NewGuard([]string{"127.0.0.1", "::1"})
	require.NoError(t, err)
	req, _ := http.NewRequestWithContext(context.Background(), http.MethodPost, "http://localhost:"+port, nil)
	resp, err := newClient(t, allowing).Do(req)
	require.NoError(t, err)
	require.NoError(t, resp.Body.Close())
}
