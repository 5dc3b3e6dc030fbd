package bench

import (
	"cmp"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"slices"
	"time"

	"github.com/eventmesh/processor/internal/envconfig"
	"github.com/eventmesh/processor/internal/producer"
)

// Defaults of Config.
const (
	DefaultEvents             = 50_000
	DefaultSeed               = 1
	DefaultBodySize           = 1024
	DefaultDatabaseURL        = envconfig.DefaultDatabaseURL
	DefaultDatabaseName       = "bench_processor"
	DefaultEmulatorDir        = "tools/sqs-emulator"
	DefaultBaselineWorkers    = 32
	DefaultRate               = 500
	DefaultLatencyDuration    = 20 * time.Second
	DefaultPublishConcurrency = 32
	DefaultWorkDir            = ".run/bench"
	DefaultProfileSeconds     = 8
	DefaultPhaseTimeout       = 5 * time.Minute
	DefaultRounds             = 3
)

// Limits of Config, which Validate enforces and cmd/bench reports by flag.
const (
	MinEvents          = 10
	MaxEvents          = 1_000_000 // also bounds Rate × LatencyDuration
	MaxRounds          = 20
	MaxBaselineWorkers = 512
	MaxDelay           = 10 * time.Second // of a delayed phase
	MinLatencyDuration = time.Second
	MaxLatencyDuration = time.Hour
	MaxProfileSeconds  = 300
)

// Config configures a benchmark run. Zero fields take their defaults.
type Config struct {
	// Events is the size of the workload each drain phase publishes. Default 50,000.
	Events int
	// Seed of the workload. Default 1.
	Seed uint64
	// BodySize pads valid events to about this many bytes. Default 1024.
	BodySize int
	// DatabaseURL is a Postgres server on which the run may create and drop
	// DatabaseName. Default the local Postgres, database postgres.
	DatabaseURL string
	// DatabaseName is dropped and created for each phase; it must match
	// DatabaseNamePattern. Default "bench_processor".
	DatabaseName string
	// KeepDatabases names each phase's database DatabaseName_<phase> and
	// keeps it after the run, for inspection.
	KeepDatabases bool
	// SQSEndpoint is the SQS server to use. Default: a private emulator
	// started from EmulatorDir for the run.
	SQSEndpoint string
	// EmulatorDir holds the pinned emulator (tools/sqs-emulator).
	EmulatorDir string
	// ProcessorBin is a built cmd/processor. Default: go build it.
	ProcessorBin string
	// ProcessorEnv is added to the processor's environment (tuning).
	ProcessorEnv map[string]string
	// CompareBin and CompareEnv are the build and extra environment of
	// PhaseCompare (default ProcessorBin and ProcessorEnv).
	CompareBin string
	CompareEnv map[string]string
	// BaselineWorkers is the baseline's concurrency. Default 32.
	BaselineWorkers int
	// Rate and LatencyDuration shape the open-loop load of the latency
	// phase. Defaults 500 events/s for 20s.
	Rate            float64
	LatencyDuration time.Duration
	// PublishConcurrency is the producers' concurrency when filling a queue. Default 32.
	PublishConcurrency int
	// Phases to run (see PhaseNames), each named once, drains in the order
	// given (rotated each round). Default DefaultPhases.
	Phases []string
	// Rounds is how many times the drain phases run, one after the other
	// in each round, in an order rotated each round; the report takes each
	// phase's median round (by events/s), which a burst of load from
	// elsewhere on the machine cannot move alone. The latency phase runs
	// once, last. Default 3.
	Rounds int
	// ProfileSeconds is the length of the CPU profile taken of the processor
	// during its drain; negative disables it. Default 8.
	ProfileSeconds int
	// WorkDir receives logs, profiles and results. Default ".run/bench".
	WorkDir string
	// PhaseTimeout bounds each drain. Default 5m.
	PhaseTimeout time.Duration
	// Out receives the report. Logger receives progress. Default: discarded.
	Out    io.Writer
	Logger *slog.Logger
}

func (c Config) withDefaults() Config {
	c.Events = cmp.Or(c.Events, DefaultEvents)
	c.Seed = cmp.Or(c.Seed, DefaultSeed)
	c.BodySize = cmp.Or(c.BodySize, DefaultBodySize)
	c.DatabaseURL = cmp.Or(c.DatabaseURL, DefaultDatabaseURL)
	c.DatabaseName = cmp.Or(c.DatabaseName, DefaultDatabaseName)
	c.EmulatorDir = cmp.Or(c.EmulatorDir, DefaultEmulatorDir)
	c.BaselineWorkers = cmp.Or(c.BaselineWorkers, DefaultBaselineWorkers)
	c.Rate = cmp.Or(c.Rate, DefaultRate)
	c.LatencyDuration = cmp.Or(c.LatencyDuration, DefaultLatencyDuration)
	c.PublishConcurrency = cmp.Or(c.PublishConcurrency, DefaultPublishConcurrency)
	c.ProfileSeconds = cmp.Or(c.ProfileSeconds, DefaultProfileSeconds)
	c.WorkDir = cmp.Or(c.WorkDir, DefaultWorkDir)
	c.PhaseTimeout = cmp.Or(c.PhaseTimeout, DefaultPhaseTimeout)
	c.Rounds = cmp.Or(c.Rounds, DefaultRounds)
	if len(c.Phases) == 0 {
		c.Phases = DefaultPhases
	}
	if c.Out == nil {
		c.Out = io.Discard
	}
	if c.Logger == nil {
		c.Logger = slog.New(slog.DiscardHandler)
	}
	return c
}

// Validate reports every invalid field, naming it and its limit. Run calls
// it, after the defaults, before any work.
func (c Config) Validate() error {
	var errs []error
	check := func(ok bool, format string, args ...any) {
		if !ok {
			errs = append(errs, fmt.Errorf("bench: "+format, args...))
		}
	}
	check(c.Events >= MinEvents && c.Events <= MaxEvents, "Events must be in [%d, %d], got %d", MinEvents, MaxEvents, c.Events)
	check(c.BodySize >= 0 && c.BodySize <= producer.MaxBodySize, "BodySize must be in [0, %d], got %d", producer.MaxBodySize, c.BodySize)
	check(DatabaseNamePattern.MatchString(c.DatabaseName), "DatabaseName must match %s, got %q", DatabaseNamePattern, c.DatabaseName)
	check(c.Rounds >= 1 && c.Rounds <= MaxRounds, "Rounds must be in [1, %d], got %d", MaxRounds, c.Rounds)
	check(c.BaselineWorkers >= 1 && c.BaselineWorkers <= MaxBaselineWorkers, "BaselineWorkers must be in [1, %d], got %d", MaxBaselineWorkers, c.BaselineWorkers)
	check(c.LatencyDuration >= MinLatencyDuration && c.LatencyDuration <= MaxLatencyDuration,
		"LatencyDuration must be in [%s, %s], got %s", MinLatencyDuration, MaxLatencyDuration, c.LatencyDuration)
	check(LatencyEventsInRange(c.Rate, c.LatencyDuration), "Rate must be > 0 and Rate × LatencyDuration in [1, %d] events, got %v/s × %s", MaxEvents, c.Rate, c.LatencyDuration)
	check(c.ProfileSeconds <= MaxProfileSeconds, "ProfileSeconds must be at most %d (negative disables), got %d", MaxProfileSeconds, c.ProfileSeconds)
	check(c.PublishConcurrency >= 1 && c.PublishConcurrency <= producer.MaxConcurrency,
		"PublishConcurrency must be in [1, %d], got %d", producer.MaxConcurrency, c.PublishConcurrency)
	check(c.PhaseTimeout > 0, "PhaseTimeout must be > 0, got %s", c.PhaseTimeout)
	check(len(c.Phases) > 0, "Phases must name at least one phase")
	for _, err := range CheckPhases(c.Phases) {
		check(false, "Phases must name known phases, each once: %v", err)
	}
	return errors.Join(errs...)
}

// LatencyEventsInRange reports whether the latency phase's load, rate events
// a second for d, is between 1 and MaxEvents events: NaN and infinite rates
// are not.
func LatencyEventsInRange(rate float64, d time.Duration) bool {
	n := rate * d.Seconds()
	return rate > 0 && n >= 1 && n <= MaxEvents
}

// runsPipeline reports whether a phase of c runs one of pipelines, with or
// without an SQS delay.
func (c Config) runsPipeline(pipelines ...string) bool {
	return slices.ContainsFunc(c.Phases, func(phase string) bool {
		return slices.Contains(pipelines, pipelineOf(phase))
	})
}

// compareEnv is the extra environment of PhaseCompare: CompareEnv, or
// ProcessorEnv when CompareEnv is empty.
func (c Config) compareEnv() map[string]string {
	if len(c.CompareEnv) > 0 {
		return c.CompareEnv
	}
	return c.ProcessorEnv
}

// roundPhases is the order of the phases in round (from 1): the drain
// phases rotated by one more place each round, since a phase runs faster or
// slower depending on the one before it (by up to a fifth here), then the
// latency phase in the last round.
func (c Config) roundPhases(round int) []string {
	var drains []string
	for _, p := range c.Phases {
		if p != PhaseLatency {
			drains = append(drains, p)
		}
	}
	if len(drains) > 0 {
		k := (round - 1) % len(drains)
		drains = append(drains[k:], drains[:k]...)
	}
	if round == c.Rounds && c.runsPipeline(PhaseLatency) {
		drains = append(drains, PhaseLatency)
	}
	return drains
}

// latencyEvents is the number of messages the latency phase publishes.
func (c Config) latencyEvents() int {
	return int(c.Rate * c.LatencyDuration.Seconds())
}
