package sqsqueue

import (
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

// feed gives z rate settles a second for d, with a receive of latency
// every 10 settles, and returns the last limit it computed.
func feed(z *sizer, start time.Time, rate int, latency, d time.Duration) (int, time.Time) {
	step := time.Second / time.Duration(rate)
	limit := -1
	now := start
	for i := 0; now.Sub(start) < d; i, now = i+1, now.Add(step) {
		if i%10 == 0 {
			z.received(latency)
		}
		if l, ok := z.settle(now); ok {
			limit = l
		}
	}
	return limit, now
}

func TestSizer_adds_rate_times_receive_latency_to_the_floor_within_the_bound(t *testing.T) {
	t.Parallel()
	start := time.Unix(1000, 0)
	for _, tc := range []struct {
		name       string
		rate       int
		latency    time.Duration
		floor, max int
		want       int
	}{
		{"Little's law with gain 2: 256 + 2 × 5000/s × 50ms", 5000, 50 * time.Millisecond, 256, 4096, 756},
		{"a local SQS adds little", 5000, 2 * time.Millisecond, 256, 4096, 276},
		{"at the memory bound", 10000, time.Second, 256, 1024, 1024},
		{"a bound under the floor wins", 5000, 70 * time.Millisecond, 256, 100, 100},
	} {
		z := newSizer(tc.floor, tc.max, start)
		got, _ := feed(z, start, tc.rate, tc.latency, 3*time.Second)
		require.InDelta(t, tc.want, got, float64(tc.want)/50, tc.name)
	}
}

func TestSizer_keeps_the_highest_rate_and_lowest_latency_of_its_windows(t *testing.T) {
	t.Parallel()
	start := time.Unix(1000, 0)
	z := newSizer(0, 100_000, start)
	_, now := feed(z, start, 4000, 50*time.Millisecond, 3*time.Second)
	// A slow spell (a lower rate, slower receives) does not shrink the
	// limit while the fast windows are remembered...
	limit, now := feed(z, now, 1000, 200*time.Millisecond, 3*time.Second)
	require.InDelta(t, 2*4000*0.05, limit, 10)
	// ...and is all that is left sizerWindows windows later.
	limit, _ = feed(z, now, 1000, 200*time.Millisecond, (sizerWindows+1)*time.Second)
	require.InDelta(t, 2*1000*0.2, limit, 10)
}

func TestSizer_stays_at_the_floor_without_receives(t *testing.T) {
	t.Parallel()
	start := time.Unix(1000, 0)
	z := newSizer(256, 1024, start)
	var limit int
	for now := start; now.Sub(start) < 3*time.Second; now = now.Add(time.Millisecond) {
		if l, ok := z.settle(now); ok {
			limit = l
		}
	}
	require.Equal(t, 256, limit)
}
