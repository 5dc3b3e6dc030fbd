package receiver_test

import (
	"math"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/eventmesh/processor/internal/receiver"
	"github.com/eventmesh/processor/internal/webhook"
)

func TestNew_reports_every_bad_field_at_once(t *testing.T) {
	t.Parallel()
	secret, err := webhook.ParseSecret("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw")
	require.NoError(t, err)
	secrets := []webhook.Secret{secret}
	tests := []struct {
		name string
		cfg  receiver.Config
		want []string // each in New's error; none: valid
	}{
		{"defaults", receiver.Config{Secrets: secrets}, nil},
		{"limits", receiver.Config{Secrets: secrets, FailRate: 1, Delay: receiver.MaxDelay, Remember: 1}, nil},
		{"NaN fail rate", receiver.Config{Secrets: secrets, FailRate: math.NaN()}, []string{"FailRate must be in [0, 1], got NaN"}},
		{"every field bad", receiver.Config{FailRate: -0.5, Delay: -time.Second, Remember: -1}, []string{
			"at least one secret is required (Secrets)",
			"FailRate must be in [0, 1], got -0.5",
			"Delay must be in [0, 1h0m0s], got -1s",
			"Remember must be in [1, 16777216], got -1",
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			_, err := receiver.New(tt.cfg)
			if tt.want == nil {
				require.NoError(t, err)
				return
			}
			for _, want := range tt.want {
				require.ErrorContains(t, err, want)
			}
		})
	}
}
