package ops

import (
	"context"
	"fmt"
	"net/http"
	"sync"
	"time"

	"github.com/prometheus/client_golang/prometheus"
)

// StartupCheck is the name of the readiness check that reports start-up.
const StartupCheck = "startup"

// Startup tracks the progress of a service's start-up for /readyz: which
// step it is waiting for, since when, and why its last attempt failed. Until
// Finish, /readyz answers 503 with {"startup": "waiting for: <step> (12s)"};
// afterwards it runs the checks given to Finish. Safe for concurrent use.
type Startup struct {
	mu      sync.Mutex
	step    string
	since   time.Time
	lastErr error
	checks  map[string]Check // set by Finish
}

// NewStartup returns a tracker waiting for its first step.
func NewStartup() *Startup {
	return &Startup{step: "start", since: time.Now()}
}

// Begin records that step starts now.
func (s *Startup) Begin(step string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.step, s.since, s.lastErr = step, time.Now(), nil
}

// Failed records why the current step's last attempt failed; it is retried.
func (s *Startup) Failed(err error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.lastErr = err
}

// Finish ends the start-up: /readyz runs checks from now on.
func (s *Startup) Finish(checks map[string]Check) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.checks = checks
}

// Check returns nil once the start-up has finished, else an error naming
// the step waited for, for how long, and its last failure, e.g.
// "waiting for: create poison table (12s); last attempt: …".
func (s *Startup) Check(context.Context) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.checks != nil {
		return nil
	}
	waiting := fmt.Sprintf("waiting for: %s (%s)", s.step, time.Since(s.since).Round(time.Second))
	if s.lastErr != nil {
		return fmt.Errorf("%s; last attempt: %w", waiting, s.lastErr)
	}
	return fmt.Errorf("%s", waiting)
}

// readiness is the set of checks /readyz runs now: the start-up's alone
// until it has finished.
func (s *Startup) readiness() map[string]Check {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.checks == nil {
		return map[string]Check{StartupCheck: s.Check}
	}
	return s.checks
}

// StartupHandler is Handler whose /readyz reports startup's progress until
// it has finished, then runs the checks given to Startup.Finish. /healthz
// and /metrics answer from the start.
func StartupHandler(gatherer prometheus.Gatherer, startup *Startup, withProfiler bool) http.Handler {
	return newHandler(gatherer, startup.readiness, withProfiler)
}
