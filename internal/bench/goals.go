package bench

import (
	"fmt"
	"math"
)

// Goals of the processor, from issue 6, as ratios within one run.
const (
	GoalDrainRatio       = 0.9  // processor events/s ≥ 0.9 × baseline
	GoalRequestsPerEvent = 0.25 // SQS requests per event during the drain
	GoalDelayRatio       = 0.8  // with the SQS delay ≥ 0.8 × the no-delay baseline
	GoalCPUPerEvent      = 150  // µs of processor CPU per event
	GoalP99Millis        = 50   // at the latency phase's rate
	GoalPeakRSSMB        = 100
)

type goal struct {
	name    string
	value   float64
	target  float64
	atLeast bool // value must be ≥ target, else ≤
	format  string
}

func (g goal) met() bool {
	if g.atLeast {
		return g.value >= g.target
	}
	return g.value <= g.target
}

// goals prints each goal that the run's phases measure, met or missed.
func (r *runner) goals() {
	fmt.Fprintln(r.cfg.Out, "\ngoals:")
	for _, g := range r.goalList() {
		if math.IsNaN(g.value) {
			continue
		}
		verdict := "met"
		if !g.met() {
			verdict = "MISSED"
		}
		op := "≤"
		if g.atLeast {
			op = "≥"
		}
		fmt.Fprintf(r.cfg.Out, "  %-6s %-44s "+g.format+" (goal %s "+g.format+")\n", verdict, g.name, g.value, op, g.target)
	}
}

func (r *runner) goalList() []goal {
	nan := math.NaN()
	base, proc, delay, lat := r.find(PhaseBaseline), r.find(PhaseProcessor), r.find(PhaseDelay), r.find(PhaseLatency)
	ratio := func(res *Result) float64 {
		if res == nil || base == nil {
			return nan
		}
		return res.Rate() / base.Rate()
	}
	pick := func(res *Result, f func(Result) float64) float64 {
		if res == nil {
			return nan
		}
		return f(*res)
	}
	peak := nan
	for _, res := range r.results {
		if res.PeakRSS > 0 {
			peak = max(mb(res.PeakRSS), 0, nanToZero(peak))
		}
	}
	return []goal{
		{"drain throughput, × baseline", ratio(proc), GoalDrainRatio, true, "%.2f"},
		{"SQS requests per event (drain)", pick(proc, Result.RequestsPerEvent), GoalRequestsPerEvent, false, "%.3f"},
		{fmt.Sprintf("drain with %s per SQS call, × baseline", r.cfg.Delay), ratio(delay), GoalDelayRatio, true, "%.2f"},
		{"processor CPU µs per event (drain)", pick(proc, Result.CPUPerEvent), GoalCPUPerEvent, false, "%.1f"},
		{fmt.Sprintf("p99 latency ms at %.0f events/s", r.cfg.Rate), pick(lat, Result.P99), GoalP99Millis, false, "%.1f"},
		{"peak RSS MB (any processor)", peak, GoalPeakRSSMB, false, "%.1f"},
	}
}

func nanToZero(v float64) float64 {
	if math.IsNaN(v) {
		return 0
	}
	return v
}
