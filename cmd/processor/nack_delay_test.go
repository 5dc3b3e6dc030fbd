package main

import (
	"io"
	"log/slog"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/eventmesh/processor/internal/envconfig"
)

// SQS_NACK_DELAY=0 means no delay (the subscriber keeps a zero delay); unset
// means the documented 5s.
func TestConfig_SQS_NACK_DELAY_zero_means_no_delay(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		vars map[string]string
		want time.Duration
	}{
		{"unset", map[string]string{}, defaultNackDelay},
		{"empty", map[string]string{"SQS_NACK_DELAY": ""}, defaultNackDelay},
		{"zero", map[string]string{"SQS_NACK_DELAY": "0"}, 0},
		{"set", map[string]string{"SQS_NACK_DELAY": "2s"}, 2 * time.Second},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			cfg, err := config(t.Context(), envconfig.NewFromMap(tt.vars), slog.New(slog.NewTextHandler(io.Discard, nil)))
			require.NoError(t, err)
			require.Equal(t, tt.want, cfg.Subscriber.NackVisibilityDelay)
		})
	}
}
