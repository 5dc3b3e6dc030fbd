package sqsqueue

import (
	"math"
	"sync"
	"time"
)

// Sizing of the in-flight limit (see sizer).
const (
	// sizerWindow is how long the sizer gathers settled messages and
	// receive latencies before it computes a new limit.
	sizerWindow = time.Second
	// sizerWindows is how many windows the highest rate and the lowest
	// receive latency are taken over: 10 s, enough to forget a burst or a
	// slow spell.
	sizerWindows = 10
	// sizerGain is the headroom over the measured need: the receiving part
	// of the limit can double each window while more receives in flight
	// still raise the rate.
	sizerGain = 2.0
	// DefaultMinInFlight is the in-flight limit's part for messages being
	// processed (decoded, validated, waiting for their group commit): the
	// limit starts there and never goes below it (nor above MaxInFlight).
	// Without SQS latency, 512 or 1,024 processed no faster than 256 in the
	// benchmark (docs/benchmarks.md).
	DefaultMinInFlight = 256
)

// sizer sizes the in-flight limit by Little's law. A message holds its slot
// from the start of the ReceiveMessage call that brings it until it is
// settled; the part of that spent in the call is what SQS's latency adds,
// and to sustain a rate λ with calls of latency W, λ × W slots must be
// waiting on receives (Little's law), beyond those whose messages are being
// processed. So
//
//	limit = DefaultMinInFlight + sizerGain × highest settle rate × lowest mean receive latency
//
// over the last sizerWindows windows (as BBR sizes a TCP window from the
// highest bandwidth and the lowest round trip), capped at MaxInFlight, the
// memory bound. Taking the lowest latency, the limit follows a rise of
// SQS's latency only once the faster windows have left the filter (about
// 10 s), and then doubles at most once a window. When SQS answers later, more receives overlap; when
// processing is the bottleneck, the rate stops growing and so does the
// limit: the processing part does not grow with the time messages queue
// for the CPU, which would feed on itself.
type sizer struct {
	mu             sync.Mutex
	floor, ceiling int
	start          time.Time     // of the current window
	settled        int           // in the current window
	receives       int           // calls that returned messages, in the current window
	latency        time.Duration // their summed latency
	rates          [sizerWindows]float64
	latencies      [sizerWindows]time.Duration // mean per window; 0: no receive
	next           int                         // index of the next window
}

func newSizer(floor, ceiling int, now time.Time) *sizer {
	return &sizer{floor: min(floor, ceiling), ceiling: ceiling, start: now}
}

// received records a ReceiveMessage call that took latency and returned
// messages (a long poll of an empty queue says nothing of SQS's latency).
func (z *sizer) received(latency time.Duration) {
	z.mu.Lock()
	defer z.mu.Unlock()
	z.receives++
	z.latency += latency
}

// settle records a message settled at now. A window ends at the first
// settle a second or more after it began (so a window spans an idle spell,
// and "the last 10 windows" may be more than 10 s); when one ends, settle
// returns the new limit and true.
func (z *sizer) settle(now time.Time) (int, bool) {
	z.mu.Lock()
	defer z.mu.Unlock()
	z.settled++
	elapsed := now.Sub(z.start)
	if elapsed < sizerWindow {
		return 0, false
	}
	z.rates[z.next] = float64(z.settled) / elapsed.Seconds()
	z.latencies[z.next] = 0
	if z.receives > 0 {
		z.latencies[z.next] = z.latency / time.Duration(z.receives)
	}
	z.next = (z.next + 1) % sizerWindows
	z.start, z.settled, z.receives, z.latency = now, 0, 0, 0
	return z.limit(), true
}

// limit is the limit the recorded windows call for. Callers hold mu.
func (z *sizer) limit() int {
	var rate float64
	var latency time.Duration
	for i := range sizerWindows {
		rate = max(rate, z.rates[i])
		if l := z.latencies[i]; l > 0 && (latency == 0 || l < latency) {
			latency = l
		}
	}
	receiving := math.Ceil(sizerGain * rate * latency.Seconds())
	return int(min(float64(z.floor)+receiving, float64(z.ceiling)))
}
