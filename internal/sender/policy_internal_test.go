package sender

import (
	"net/http"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/eventmesh/processor/internal/delivery"
)

func TestRetryAfter_parses_and_bounds(t *testing.T) {
	t.Parallel()
	now := time.Date(2026, 11, 30, 12, 0, 0, 0, time.UTC)
	tests := []struct {
		header string
		want   time.Duration
		ok     bool
	}{
		{"", 0, false},
		{"soon", 0, false},
		{"30", 30 * time.Second, true},
		{"0", time.Second, true},
		{"-5", time.Second, true},
		{"99999999999", time.Hour, true},
		{now.Add(90 * time.Second).Format(http.TimeFormat), 90 * time.Second, true},
		{now.Add(-time.Minute).Format(http.TimeFormat), time.Second, true},
	}
	for _, tt := range tests {
		h := http.Header{}
		if tt.header != "" {
			h.Set("Retry-After", tt.header)
		}
		got, ok := retryAfter(h, now, time.Hour)
		require.Equal(t, tt.ok, ok, tt.header)
		require.Equal(t, tt.want, got, tt.header)
	}
}

func TestDecide_follows_the_schedule_and_the_outcome(t *testing.T) {
	t.Parallel()
	cfg := Config{Schedule: DefaultSchedule, Jitter: 0}
	now := time.Date(2026, 11, 30, 12, 0, 0, 0, time.UTC)
	claimed := func(spent, throttles int) delivery.Claimed {
		return delivery.Claimed{ID: 1, Owner: "o", RetriesSpent: spent, Throttles: throttles}
	}
	tests := []struct {
		name       string
		c          delivery.Claimed
		a          delivery.Attempt
		wait       time.Duration
		status     delivery.Status
		next       time.Duration
		spent      int
		breakerOK  bool
		disable    bool
		endpointOK *bool
	}{
		{"2xx", claimed(0, 0), delivery.Attempt{Outcome: OutcomeDelivered, StatusCode: 204}, 0, delivery.StatusDelivered, 0, 0, true, false, ptr(true)},
		{"first failure: 5s", claimed(0, 0), delivery.Attempt{Outcome: OutcomeRejected, StatusCode: 500}, 0, delivery.StatusPending, 5 * time.Second, 1, false, false, ptr(false)},
		{"4xx: retried, breaker fine", claimed(1, 0), delivery.Attempt{Outcome: OutcomeRejected, StatusCode: 400}, 0, delivery.StatusPending, 5 * time.Minute, 2, true, false, ptr(false)},
		{"ninth failure: 24h", claimed(8, 0), delivery.Attempt{Outcome: OutcomeTimeout}, 0, delivery.StatusPending, 24 * time.Hour, 9, false, false, ptr(false)},
		{"tenth failure: failed", claimed(9, 0), delivery.Attempt{Outcome: OutcomeRefused}, 0, delivery.StatusFailed, 0, 10, false, false, ptr(false)},
		{"410", claimed(3, 0), delivery.Attempt{Outcome: OutcomeGone, StatusCode: 410}, 0, delivery.StatusFailed, 0, 3, true, true, nil},
		{"429 Retry-After: no retry spent", claimed(2, 4), delivery.Attempt{Outcome: OutcomeThrottled, StatusCode: 429}, 7 * time.Second, delivery.StatusPending, 7 * time.Second, 2, true, false, nil},
		{"503 Retry-After: breaker counts it", claimed(2, 0), delivery.Attempt{Outcome: OutcomeThrottled, StatusCode: 503}, 7 * time.Second, delivery.StatusPending, 7 * time.Second, 2, false, false, ptr(false)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			a := tt.a
			d := cfg.decide(tt.c, &a, tt.wait, now)
			require.Equal(t, tt.status, d.result.Status)
			require.Equal(t, tt.spent, d.result.RetriesSpent)
			require.Equal(t, tt.breakerOK, d.breakerOK)
			require.Equal(t, tt.disable, d.result.DisableEndpoint != "")
			require.Equal(t, tt.endpointOK, d.result.EndpointOK)
			if tt.status == delivery.StatusPending {
				require.Equal(t, now.Add(tt.next), d.result.NextAttemptAt)
			}
		})
	}
}

func TestJitter_stays_within_its_share(t *testing.T) {
	t.Parallel()
	cfg := Config{Jitter: 0.2}
	for range 1000 {
		d := cfg.jitter(time.Hour)
		require.GreaterOrEqual(t, d, 48*time.Minute)
		require.LessOrEqual(t, d, 72*time.Minute)
	}
}

func ptr(b bool) *bool { return &b }
