package backpressure_test

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/eventmesh/processor/internal/backpressure"
)

func TestNew_reports_every_bad_field_at_once(t *testing.T) {
	t.Parallel()
	probe := func(context.Context) error { return nil }
	tests := []struct {
		name string
		cfg  backpressure.Config
		want []string // each in New's error; none: valid
	}{
		{"defaults", backpressure.Config{Probe: probe}, nil},
		{"min backoff beyond the default max", backpressure.Config{Probe: probe, MinBackoff: 8 * time.Second}, nil},
		{"no probe", backpressure.Config{}, []string{"Config.Probe is required"}},
		{"inverted backoffs", backpressure.Config{Probe: probe, MinBackoff: time.Second, MaxBackoff: time.Millisecond},
			[]string{"MaxBackoff must be in [MinBackoff 1s, 10m], got 1ms"}},
		{"every field bad", backpressure.Config{ProbeTimeout: -time.Second, MinBackoff: -time.Second,
			MaxBackoff: time.Hour, Fresh: 2 * time.Minute}, []string{
			"Config.Probe is required",
			"ProbeTimeout must be in [1ms, 1m], got -1s",
			"MinBackoff must be at least 1ms, got -1s",
			"MaxBackoff must be in [MinBackoff -1s, 10m], got 1h0m0s",
			"Fresh must be in [1ms, 1m], got 2m0s",
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			gate, err := backpressure.New(tt.cfg)
			if tt.want == nil {
				require.NoError(t, err)
				gate.Close()
				return
			}
			for _, want := range tt.want {
				require.ErrorContains(t, err, want)
			}
		})
	}
}
