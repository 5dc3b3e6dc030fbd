package egress_test

import (
	"net/http"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/eventmesh/processor/internal/egress"
)

// newClient is a client of the default configuration behind g.
func newClient(t *testing.T, g *egress.Guard) *http.Client {
	t.Helper()
	client, err := egress.NewClient(g, egress.ClientConfig{})
	require.NoError(t, err)
	return client
}

func TestNewClient_reports_every_bad_field_at_once(t *testing.T) {
	t.Parallel()
	guard, err := egress.NewGuard(nil)
	require.NoError(t, err)
	tests := []struct {
		name string
		cfg  egress.ClientConfig
		want []string // each in NewClient's error; none: valid
	}{
		{"defaults", egress.ClientConfig{}, nil},
		{"limits", egress.ClientConfig{Timeout: egress.MaxTimeout, MaxIdleConnsPerHost: 1024}, nil},
		{"every field bad", egress.ClientConfig{Timeout: -time.Second, MaxIdleConnsPerHost: 2000}, []string{
			"Timeout must be in [1ms, 1h0m0s], got -1s",
			"MaxIdleConnsPerHost must be in [1, 1024], got 2000",
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			client, err := egress.NewClient(guard, tt.cfg)
			if tt.want == nil {
				require.NoError(t, err)
				require.Equal(t, tt.cfg.Timeout == 0, client.Timeout == egress.DefaultTimeout)
				return
			}
			for _, want := range tt.want {
				require.ErrorContains(t, err, want)
			}
		})
	}
}
