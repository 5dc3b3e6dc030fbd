package main

import (
	"errors"
	"fmt"

	"github.com/eventmesh/processor/internal/bench"
	"github.com/eventmesh/processor/internal/producer"
)

// validateFlags reports every flag outside its range at once, naming the
// flag and the range, before any work. The limits are bench.Config's, which
// Run checks again; a zero there takes the default, so here the ranges
// leave 0 out where it would not mean what it says.
func validateFlags(cfg bench.Config) error {
	var errs []error
	check := func(ok bool, format string, args ...any) {
		if !ok {
			errs = append(errs, fmt.Errorf(format, args...))
		}
	}
	check(cfg.Events >= bench.MinEvents && cfg.Events <= bench.MaxEvents, "-events must be in [%d, %d], got %d", bench.MinEvents, bench.MaxEvents, cfg.Events)
	check(cfg.BodySize >= 1 && cfg.BodySize <= producer.MaxBodySize, "-body-size must be in [1, %d] bytes, got %d", producer.MaxBodySize, cfg.BodySize)
	check(cfg.DatabaseURL != "", "-database-url must not be empty")
	check(bench.DatabaseNamePattern.MatchString(cfg.DatabaseName), "-database must match %s, got %q", bench.DatabaseNamePattern, cfg.DatabaseName)
	check(cfg.BaselineWorkers >= 1 && cfg.BaselineWorkers <= bench.MaxBaselineWorkers, "-baseline-workers must be in [1, %d], got %d", bench.MaxBaselineWorkers, cfg.BaselineWorkers)
	check(cfg.LatencyDuration >= bench.MinLatencyDuration && cfg.LatencyDuration <= bench.MaxLatencyDuration,
		"-latency-duration must be in [%s, %s], got %s", bench.MinLatencyDuration, bench.MaxLatencyDuration, cfg.LatencyDuration)
	check(bench.LatencyEventsInRange(cfg.Rate, cfg.LatencyDuration),
		"-rate must be > 0 and -rate × -latency-duration in [1, %d] events, got %v/s × %s", bench.MaxEvents, cfg.Rate, cfg.LatencyDuration)
	check(cfg.Rounds >= 1 && cfg.Rounds <= bench.MaxRounds, "-rounds must be in [1, %d], got %d", bench.MaxRounds, cfg.Rounds)
	check(cfg.ProfileSeconds == -1 || cfg.ProfileSeconds >= 1 && cfg.ProfileSeconds <= bench.MaxProfileSeconds,
		"-profile-seconds must be -1 (off) or in [1, %d], got %d", bench.MaxProfileSeconds, cfg.ProfileSeconds)
	check(cfg.WorkDir != "", "-workdir must not be empty")
	check(len(cfg.Phases) > 0, "-phases must name at least one phase")
	for _, err := range bench.CheckPhases(cfg.Phases) {
		check(false, "-phases: %v", err)
	}
	return errors.Join(errs...)
}
