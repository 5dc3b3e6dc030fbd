package bench

import (
	"fmt"
	"slices"
	"strings"
	"time"
)

// Pipelines a phase runs. A drain phase may add a delay to every SQS call:
// its name is then "<pipeline>-<delay>" in time.ParseDuration's syntax,
// "processor-50ms" say, and it is compared with the baseline at the same
// delay ("baseline-50ms").
const (
	PhaseBaseline  = "baseline"
	PhaseProcessor = "processor"
	// PhaseCompare drains with CompareBin and CompareEnv: an A/B
	// comparison of two builds or configurations within one run.
	PhaseCompare  = "processor-b"
	PhaseScaleOut = "scale-out"
	PhaseLatency  = "latency"
)

// delayedPipelines are the pipelines that run with an SQS delay, the
// longest name first (so "processor-b-20ms" is not read as "processor").
var delayedPipelines = []string{PhaseCompare, PhaseBaseline, PhaseProcessor}

// DefaultDelays are the SQS delays of the default phases: real SQS answers
// 5–20 ms later than the local emulator, and 50 ms is a slow region or a
// busy network path.
var DefaultDelays = []time.Duration{20 * time.Millisecond, 50 * time.Millisecond}

// DefaultPhases are the phases a run executes by default: every pipeline
// but PhaseCompare, the drains at no delay and at each of DefaultDelays.
var DefaultPhases = defaultPhases()

func defaultPhases() []string {
	phases := []string{PhaseBaseline, PhaseProcessor}
	for _, d := range DefaultDelays {
		phases = append(phases, DelayedPhase(PhaseBaseline, d), DelayedPhase(PhaseProcessor, d))
	}
	return append(phases, PhaseScaleOut, PhaseLatency)
}

// PhaseNames describes the accepted phase names, for usage texts.
const PhaseNames = "baseline, processor, processor-b, scale-out, latency, or baseline/processor/processor-b with an SQS delay: baseline-50ms"

// DelayedPhase is the name of pipeline run with delay added to every SQS call.
func DelayedPhase(pipeline string, delay time.Duration) string {
	if delay == 0 {
		return pipeline
	}
	return pipeline + "-" + delay.String()
}

// PhaseSpec is a parsed phase name.
type PhaseSpec struct {
	pipeline string
	delay    time.Duration
}

// ParsePhase reads a phase name: a pipeline, or a drain pipeline and a
// delay in (0, MaxDelay].
func ParsePhase(name string) (PhaseSpec, error) {
	if slices.Contains([]string{PhaseBaseline, PhaseProcessor, PhaseCompare, PhaseScaleOut, PhaseLatency}, name) {
		return PhaseSpec{pipeline: name}, nil
	}
	for _, p := range delayedPipelines {
		rest, ok := strings.CutPrefix(name, p+"-")
		if !ok {
			continue
		}
		d, err := time.ParseDuration(rest)
		if err != nil || d <= 0 || d > MaxDelay || d%time.Millisecond != 0 || DelayedPhase(p, d) != name {
			return PhaseSpec{}, fmt.Errorf("phase %q: the delay must be whole milliseconds in (0, %s], written as Go prints them (50ms, 1.5s)", name, MaxDelay)
		}
		return PhaseSpec{pipeline: p, delay: d}, nil
	}
	return PhaseSpec{}, fmt.Errorf("unknown phase %q (known: %s)", name, PhaseNames)
}

// CheckPhases returns one error for each problem of a list of phase names:
// ParsePhase's error for each name it refuses, and one for each name given
// more than once. An empty list has none (callers refuse it themselves).
func CheckPhases(names []string) []error {
	var errs []error
	times := map[string]int{}
	for _, name := range names {
		times[name]++
		switch times[name] {
		case 1:
			if _, err := ParsePhase(name); err != nil {
				errs = append(errs, err)
			}
		case 2:
			errs = append(errs, fmt.Errorf("phase %q is named more than once", name))
		}
	}
	return errs
}

// pipelineOf is the pipeline of a phase; "" when ParsePhase refuses it.
func pipelineOf(phase string) string {
	spec, _ := ParsePhase(phase)
	return spec.pipeline
}

// baselineOf is the baseline phase a phase is compared with: the one at the
// same SQS delay.
func baselineOf(phase string) string {
	spec, err := ParsePhase(phase)
	if err != nil {
		return PhaseBaseline
	}
	return DelayedPhase(PhaseBaseline, spec.delay)
}

// identifier is name with every byte outside [a-z0-9_-] replaced by '_',
// for queue and database names ("processor-1.5s" → "processor-1_5s").
func identifier(name string) string {
	return strings.Map(func(r rune) rune {
		if r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '_' || r == '-' {
			return r
		}
		return '_'
	}, name)
}
