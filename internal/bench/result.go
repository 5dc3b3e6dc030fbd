package bench

import (
	"cmp"
	"fmt"
	"math"
	"slices"
	"time"
)

// Result is what one phase measured.
type Result struct {
	Phase     string
	Round     int
	Instances int           // processors; 0 for the baseline
	Delay     time.Duration // added to every SQS call
	Events    int
	// Elapsed is the drain time: from the start of the consumers (the
	// processor's process start, start-up included) until the queue was
	// seen empty. For the latency phase it is the publishing time.
	Elapsed  time.Duration
	Requests Requests
	CPU      time.Duration // processors' user+sys; 0 for the baseline
	PeakRSS  int64         // largest VmHWM of the processors, bytes
	// InFlightPeak is the highest in-flight limit the first processor's
	// subscriber set (Little's law, bounded by SQS_MAX_IN_FLIGHT).
	InFlightPeak float64
	Latency      Histogram // latency phase only
	Split        CPUSplit  // CPU of the other processes of the pipeline
	Check        error     // nil when the database holds exactly what it must
}

// Rate is events per second.
func (r Result) Rate() float64 {
	return float64(r.Events) / r.Elapsed.Seconds()
}

// RequestsPerEvent is SQS requests per event.
func (r Result) RequestsPerEvent() float64 {
	return float64(r.Requests.Total()) / float64(r.Events)
}

// CPUPerEvent is the processors' CPU time per event in microseconds.
func (r Result) CPUPerEvent() float64 {
	return float64(r.CPU.Microseconds()) / float64(r.Events)
}

// P50 and P99 are latency quantiles in milliseconds (NaN outside the
// latency phase).
func (r Result) P50() float64 { return 1000 * r.Latency.Quantile(0.50) }
func (r Result) P99() float64 { return 1000 * r.Latency.Quantile(0.99) }

func (r Result) String() string {
	check := "ok"
	if r.Check != nil {
		check = "FAILED: " + r.Check.Error()
	}
	return fmt.Sprintf("%.0f events/s, %.3f SQS requests/event, %.1f µs CPU/event, peak RSS %.1f MB, check %s",
		r.Rate(), r.RequestsPerEvent(), r.CPUPerEvent(), mb(r.PeakRSS), check)
}

func mb(bytes int64) float64 { return float64(bytes) / (1 << 20) }

// orDash formats v with format, or "-" when it is NaN or zero.
func orDash(format string, v float64) string {
	if math.IsNaN(v) || v == 0 {
		return "-"
	}
	return fmt.Sprintf(format, v)
}

// perEvent is d per event in microseconds.
func (r Result) perEvent(d time.Duration) float64 {
	return float64(d.Microseconds()) / float64(r.Events)
}

// medians returns, in order of first appearance, the median round of each
// phase by events/s (the lower middle one of an even number).
func medians(rounds []Result) []Result {
	var phases []string
	byPhase := map[string][]Result{}
	for _, r := range rounds {
		if byPhase[r.Phase] == nil {
			phases = append(phases, r.Phase)
		}
		byPhase[r.Phase] = append(byPhase[r.Phase], r)
	}
	out := make([]Result, 0, len(phases))
	for _, p := range phases {
		rs := byPhase[p]
		slices.SortFunc(rs, func(a, b Result) int { return cmp.Compare(a.Rate(), b.Rate()) })
		out = append(out, rs[(len(rs)-1)/2])
	}
	return out
}
