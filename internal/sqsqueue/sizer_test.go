package sqsqueue

import (
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

// run feeds z with rate settles a second, each held for hold, for d, and
// returns the last limit it computed.
func run(t *testing.T, z *sizer, start time.Time, rate int, hold, d time.Duration) (int, time.Time) {
	t.Helper()
	step := time.Second / time.Duration(rate)
	limit := -1
	now := start
	for ; now.Sub(start) < d; now = now.Add(step) {
		if l, ok := z.observe(hold, now); ok {
			limit = l
		}
	}
	return limit, now
}

func TestSizer_sizes_by_rate_times_hold_time_within_its_bounds(t *testing.T) {
	t.Parallel()
	start := time.Unix(1000, 0)
	for _, tc := range []struct {
		name       string
		rate       int
		hold       time.Duration
		floor, max int
		want       int
	}{
		{"Little's law with gain 2: 5000/s × 70ms × 2", 5000, 70 * time.Millisecond, 256, 4096, 700},
		{"below the floor", 100, 20 * time.Millisecond, 256, 4096, 256},
		{"at the memory bound", 10000, time.Second, 256, 1024, 1024},
		{"a ceiling under the floor wins", 5000, 70 * time.Millisecond, 256, 100, 100},
	} {
		z := newSizer(tc.floor, tc.max, start)
		got, _ := run(t, z, start, tc.rate, tc.hold, 3*time.Second)
		require.InDelta(t, tc.want, got, float64(tc.want)/50, tc.name)
	}
}

func TestSizer_keeps_the_highest_rate_and_lowest_hold_of_its_windows(t *testing.T) {
	t.Parallel()
	start := time.Unix(1000, 0)
	z := newSizer(10, 100_000, start)
	_, now := run(t, z, start, 4000, 50*time.Millisecond, 3*time.Second)
	// A slow spell: a lower rate with longer holds (queueing) does not
	// shrink the limit while the fast windows are remembered...
	limit, now := run(t, z, now, 1000, 200*time.Millisecond, 3*time.Second)
	require.InDelta(t, 2*4000*0.05, limit, 10)
	// ...and is all that is left sizerWindows windows later.
	limit, _ = run(t, z, now, 1000, 200*time.Millisecond, (sizerWindows+1)*time.Second)
	require.InDelta(t, 2*1000*0.2, limit, 10)
}

func TestSizer_ignores_the_hold_of_windows_with_few_messages(t *testing.T) {
	t.Parallel()
	start := time.Unix(1000, 0)
	z := newSizer(1, 100_000, start)
	// Long polls on a quiet queue: 5 messages a second, each held 20 s.
	limit, _ := run(t, z, start, 5, 20*time.Second, 3*time.Second)
	require.Equal(t, 1, limit)
}
