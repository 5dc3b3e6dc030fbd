package main

import (
	"runtime/debug"

	"github.com/eventmesh/processor/internal/envconfig"
)

// Defaults of the garbage collector, used unless the Go runtime's own GOGC
// and GOMEMLIMIT variables are set.
const (
	defaultGCPercent   = 400
	defaultMemoryLimit = 80 << 20 // bytes
)

// tuneGC sets the garbage collector's defaults. The processor allocates
// about 25 KB per event (SQS responses, message copies, query buffers) over
// a live heap of under 10 MB, so with Go's GOGC=100 it collects every few
// hundred events: a fifth of its CPU in the benchmark (docs/benchmarks.md).
// GOGC=400 collects a quarter as often for some 20 MB more memory; the soft
// memory limit makes the collector work harder instead of letting a larger
// live heap (bigger bodies, a higher SQS_MAX_IN_FLIGHT) grow the process
// five times over.
func tuneGC(env *envconfig.Reader) {
	if _, set := env.Lookup("GOGC"); !set {
		debug.SetGCPercent(defaultGCPercent)
	}
	if _, set := env.Lookup("GOMEMLIMIT"); !set {
		debug.SetMemoryLimit(defaultMemoryLimit)
	}
}
