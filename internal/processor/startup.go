package processor

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"time"
)

// Backoff between attempts of a start-up step that failed transiently.
const (
	startupMinBackoff = 500 * time.Millisecond
	startupMaxBackoff = 10 * time.Second
)

// step is one stage of the start-up, named for the logs and /readyz.
type step struct {
	name string
	run  func(context.Context) error
}

// StartupError is the failure of start-up: the step that failed, after how
// many attempts and how long, and its last error.
type StartupError struct {
	Step     string
	Attempts int
	Waited   time.Duration
	Err      error
}

func (e *StartupError) Error() string {
	return fmt.Sprintf("start-up step %q failed after %d attempts in %s: %v", e.Step, e.Attempts, e.Waited.Round(time.Millisecond), e.Err)
}

func (e *StartupError) Unwrap() error { return e.Err }

// runSteps runs steps in order within StartupTimeout.
func (s *Service) runSteps(ctx context.Context, steps []step) error {
	ctx, cancel := context.WithDeadline(ctx, s.startedAt.Add(s.cfg.StartupTimeout))
	defer cancel()
	for _, st := range steps {
		if err := s.runStep(ctx, st); err != nil {
			return err
		}
	}
	return nil
}

// runStep runs st, each attempt bounded by StartupStepTimeout, retrying
// transient failures with backoff until ctx ends. Every attempt's start,
// failure and end is logged.
func (s *Service) runStep(ctx context.Context, st step) error {
	s.startup.Begin(st.name)
	s.cfg.Logger.Info("starting step "+st.name, slog.String("step", st.name), slog.Duration("timeout", s.cfg.StartupStepTimeout))
	began := time.Now()
	backoff := startupMinBackoff
	for attempt := 1; ; attempt++ {
		err := s.attempt(ctx, st)
		if err == nil {
			s.cfg.Logger.Info(fmt.Sprintf("step %s done in %s", st.name, time.Since(began).Round(time.Millisecond)),
				slog.String("step", st.name), slog.Duration("took", time.Since(began)), slog.Int("attempts", attempt))
			return nil
		}
		failed := &StartupError{Step: st.name, Attempts: attempt, Waited: time.Since(began), Err: err}
		if !transientStartupError(err) || !s.waitBeforeRetry(ctx, st.name, failed, backoff) {
			return failed
		}
		backoff = min(2*backoff, startupMaxBackoff)
	}
}

// attempt runs st once within StartupStepTimeout (and ctx).
func (s *Service) attempt(ctx context.Context, st step) error {
	stepCtx, cancel := context.WithTimeout(withDDLLockTimeout(ctx), s.cfg.StartupStepTimeout)
	defer cancel()
	err := st.run(stepCtx)
	if err != nil && stepCtx.Err() != nil && ctx.Err() == nil {
		// The attempt's own deadline, not the start-up's: say so.
		err = fmt.Errorf("no answer within StartupStepTimeout %s: %w", s.cfg.StartupStepTimeout, err)
	}
	return err
}

// waitBeforeRetry logs the failed attempt and waits backoff; it reports false
// when the start-up's deadline (or ctx) ends first.
func (s *Service) waitBeforeRetry(ctx context.Context, name string, failed *StartupError, backoff time.Duration) bool {
	if ctx.Err() != nil {
		return false
	}
	if deadline, ok := ctx.Deadline(); ok {
		backoff = min(backoff, time.Until(deadline)) // one last attempt
	}
	s.startup.Failed(failed.Err)
	s.cfg.Logger.Warn("waiting for step "+name+": retrying", slog.String("step", name),
		slog.Int("attempt", failed.Attempts), slog.Duration("waited", failed.Waited),
		slog.Duration("retry_in", backoff), slog.String("error", failed.Err.Error()))
	timer := time.NewTimer(backoff)
	defer timer.Stop()
	select {
	case <-timer.C:
		return true
	case <-ctx.Done():
		return false
	}
}

// failStartup wraps a start-up failure for New's caller, saying when the
// whole start-up ran out of time.
func (s *Service) failStartup(ctx context.Context, err error) error {
	if ctx.Err() == nil && time.Since(s.startedAt) >= s.cfg.StartupTimeout {
		return fmt.Errorf("start-up did not finish within StartupTimeout %s: %w", s.cfg.StartupTimeout, err)
	}
	if errors.Is(err, context.Canceled) && ctx.Err() != nil {
		return fmt.Errorf("start-up interrupted: %w", err)
	}
	return err
}
