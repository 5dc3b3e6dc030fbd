package sqsqueue

import (
	"math"
	"sync"
	"time"
)

// Sizing of the in-flight limit (see sizer).
const (
	// sizerWindow is how long the sizer gathers settled messages before it
	// computes a new limit.
	sizerWindow = time.Second
	// sizerWindows is how many windows the highest rate and the lowest hold
	// time are taken over: 10 s, enough to forget a burst or a slow spell.
	sizerWindows = 10
	// sizerGain is the headroom over the measured need: the limit can double
	// each window while more in flight still raises the rate.
	sizerGain = 2.0
	// sizerMinSamples is the fewest settled messages a window needs for its
	// mean hold time to count: a quiet queue's long polls say nothing of
	// the time a backlog needs.
	sizerMinSamples = 10
	// DefaultMinInFlight is where the in-flight limit starts, and the
	// lowest it goes (or MaxInFlight, if that is lower).
	DefaultMinInFlight = 256
)

// sizer sizes the in-flight limit by Little's law, the way BBR sizes a TCP
// congestion window (bandwidth × round-trip time): the messages in flight
// needed to sustain a rate are that rate times the time each holds its
// slot, from the start of the ReceiveMessage call that brought it until it
// is settled. So
//
//	limit = sizerGain × highest settle rate × lowest mean hold time
//
// over the last sizerWindows windows, between the floor and the ceiling
// (MaxInFlight, the memory bound). The highest rate is what processing
// reached; the lowest hold time is the SQS round trip plus processing
// without queueing. When SQS answers later, the hold time and so the
// limit grow with it, and more receives overlap; when processing is the
// bottleneck, more in flight only queues (the hold time rises, not the
// rate), and the limit stays put.
type sizer struct {
	mu             sync.Mutex
	floor, ceiling int
	start          time.Time     // of the current window
	settled        int           // in the current window
	held           time.Duration // sum over the current window
	rates          [sizerWindows]float64
	holds          [sizerWindows]time.Duration // 0: too few samples
	next           int                         // index of the next window
}

func newSizer(floor, ceiling int, now time.Time) *sizer {
	return &sizer{floor: min(floor, ceiling), ceiling: ceiling, start: now}
}

// observe records a message settled at now that held its slot for held.
// When a window ends it returns the new limit and true.
func (z *sizer) observe(held time.Duration, now time.Time) (int, bool) {
	z.mu.Lock()
	defer z.mu.Unlock()
	z.settled++
	z.held += held
	elapsed := now.Sub(z.start)
	if elapsed < sizerWindow {
		return 0, false
	}
	z.rates[z.next] = float64(z.settled) / elapsed.Seconds()
	z.holds[z.next] = 0
	if z.settled >= sizerMinSamples {
		z.holds[z.next] = z.held / time.Duration(z.settled)
	}
	z.next = (z.next + 1) % sizerWindows
	z.start, z.settled, z.held = now, 0, 0
	return z.limit(), true
}

// limit is the limit the recorded windows call for. Callers hold mu.
func (z *sizer) limit() int {
	var rate float64
	var hold time.Duration
	for i := range sizerWindows {
		rate = max(rate, z.rates[i])
		if h := z.holds[i]; h > 0 && (hold == 0 || h < hold) {
			hold = h
		}
	}
	need := math.Ceil(sizerGain * rate * hold.Seconds())
	return int(min(max(need, float64(z.floor)), float64(z.ceiling)))
}
