package bench

import (
	"fmt"
	"math"
)

// Goals of the processor (issues 6 and 15), as ratios within one run.
const (
	GoalDrainRatio       = 0.85 // processor events/s ≥ 0.85 × baseline, no SQS delay
	GoalRequestsPerEvent = 0.25 // SQS requests per event during the drain
	GoalDelayRatio       = 1.0  // with an SQS delay ≥ 1.0 × the baseline at the same delay
	GoalCPUPerEvent      = 70   // µs of processor CPU per event
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
	proc, lat := r.find(PhaseProcessor), r.find(PhaseLatency)
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
	goals := []goal{
		{"drain throughput, × baseline", r.ratio(proc), GoalDrainRatio, true, "%.2f"},
		{"SQS requests per event (drain)", pick(proc, Result.RequestsPerEvent), GoalRequestsPerEvent, false, "%.3f"},
	}
	for _, res := range r.results {
		if spec, err := ParsePhase(res.Phase); err == nil && spec.pipeline == PhaseProcessor && spec.delay > 0 {
			name := fmt.Sprintf("drain with %s per SQS call, × baseline at %s", spec.delay, spec.delay)
			goals = append(goals, goal{name, r.ratio(&res), GoalDelayRatio, true, "%.2f"})
		}
	}
	return append(goals,
		goal{"processor CPU µs per event (drain)", pick(proc, Result.CPUPerEvent), GoalCPUPerEvent, false, "%.1f"},
		goal{fmt.Sprintf("p99 latency ms at %.0f events/s", r.cfg.Rate), pick(lat, Result.P99), GoalP99Millis, false, "%.1f"},
		goal{"peak RSS MB (any processor)", peak, GoalPeakRSSMB, false, "%.1f"},
	)
}

// ratio is res's events/s over those of the baseline at the same SQS
// delay; NaN when either did not run.
func (r *runner) ratio(res *Result) float64 {
	if res == nil {
		return math.NaN()
	}
	base := r.find(baselineOf(res.Phase))
	if base == nil {
		return math.NaN()
	}
	return res.Rate() / base.Rate()
}

func nanToZero(v float64) float64 {
	if math.IsNaN(v) {
		return 0
	}
	return v
}
