package processor

import (
	"errors"
	"fmt"
	"log/slog"
	"time"
)

// ErrShutdownBudget is returned by Run when CloseTimeout ran out before
// everything was closed. Nothing is lost: messages not acknowledged stay in
// SQS and are delivered again.
var ErrShutdownBudget = errors.New("shutdown budget spent")

// shutdownReserve is the part of a shutdown budget kept after the drain, for
// the last deletes, the rollback of cancelled transactions and closing the
// pool: a fifth, from 1s to 5s.
func shutdownReserve(budget time.Duration) time.Duration {
	return min(max(budget/5, time.Second), 5*time.Second)
}

// drainTimeout is how long the shutdown waits for in-flight messages
// (the subscriber's CloseTimeout).
func (c Config) drainTimeout() time.Duration {
	return c.CloseTimeout - shutdownReserve(c.CloseTimeout)
}

// shutdown stops the router and releases everything within CloseTimeout:
// receiving stops at once; in-flight messages get the drain time to be
// settled, then are left to SQS and the group commit's transactions in
// progress are cancelled; the rest closes in the reserve. When the budget
// runs out first, shutdown returns ErrShutdownBudget without waiting more.
func (s *Service) shutdown() error {
	began := time.Now()
	budget, drain := s.cfg.CloseTimeout, s.cfg.drainTimeout()
	s.cfg.Logger.Info("shutting down", slog.Duration("budget", budget), slog.Duration("drain", drain))
	abort := time.AfterFunc(drain, func() {
		s.cfg.Logger.Info("drain time over: messages in flight left to SQS, transactions in progress cancelled",
			slog.Duration("drain", drain))
		s.abortWrites()
	})
	defer abort.Stop()
	done := make(chan error, 1)
	go func() {
		err := s.router.Close()
		s.Close()
		done <- err
	}()
	timer := time.NewTimer(budget)
	defer timer.Stop()
	select {
	case err := <-done:
		s.cfg.Logger.Info("processor stopped", slog.Duration("took", time.Since(began)))
		if err != nil {
			return fmt.Errorf("close router: %w", err)
		}
		return nil
	case <-timer.C:
		return fmt.Errorf("%w: CloseTimeout %s ran out while closing; messages not acknowledged stay in SQS", ErrShutdownBudget, budget)
	}
}
