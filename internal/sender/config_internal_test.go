package sender

import (
	"math"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

func TestConfig_Validate_reports_every_bad_field_at_once(t *testing.T) {
	t.Parallel()
	const db = "postgres://x"
	tests := []struct {
		name string
		cfg  Config
		want []string // each in the error; none: valid
	}{
		{"defaults", Config{DatabaseURL: db}, nil},
		{"no jitter", Config{DatabaseURL: db, Jitter: -1}, nil},
		{"lease too short", Config{DatabaseURL: db, Lease: 10 * time.Second},
			[]string{"Lease must exceed RequestTimeout 15s by more than 5s, got 10s"}},
		{"NaN jitter", Config{DatabaseURL: db, Jitter: math.NaN()}, []string{"Jitter must be in [0, 1) (negative: none), got NaN"}},
		{"every field bad", Config{StartAt: "middle", Concurrency: -1, ClaimBatch: 2000, ClaimPerEndpoint: -1,
			PollInterval: -time.Second, TopicPollInterval: 2 * time.Minute, RequestTimeout: 2 * time.Hour, Lease: time.Hour,
			Schedule: []time.Duration{0, -time.Second}, Jitter: 1.5, MaxRetryAfter: time.Millisecond, MaxThrottles: -1,
			DisableAfter: time.Second, Retention: time.Minute, CleanupInterval: time.Millisecond,
			StateRefresh: -time.Second, CloseTimeout: -time.Second}, []string{
			"DatabaseURL is required",
			`StartAt must be earliest or latest, got "middle"`,
			"Concurrency must be in [1, 10000], got -1",
			"ClaimBatch must be in [1, 1000], got 2000",
			"ClaimPerEndpoint must be in [1, 1000], got -1",
			"Lease must exceed RequestTimeout 2h0m0s by more than 5s, got 1h0m0s",
			"PollInterval must be in [1ms, 1m0s], got -1s",
			"TopicPollInterval must be in [1ms, 1m0s], got 2m0s",
			"RequestTimeout must be in [1ms, 1h0m0s], got 2h0m0s",
			"Schedule[1] must not be negative, got -1s",
			"Jitter must be in [0, 1) (negative: none), got 1.5",
			"MaxRetryAfter must be at least 1s, got 1ms",
			"MaxThrottles must be in [1, 10000], got -1",
			"DisableAfter must be at least 1m0s, got 1s",
			"Retention must be at least 1h0m0s, got 1m0s",
			"CleanupInterval must be at least 1s, got 1ms",
			"StateRefresh must be at least 1ms, got -1s",
			"CloseTimeout must be at least 1ms, got -1s",
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			err := tt.cfg.withDefaults().Validate()
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
