package processor

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	dto "github.com/prometheus/client_model/go"

	"github.com/eventmesh/processor/internal/ops"
)

// Readiness failures of /readyz.
var (
	// ErrRouterNotRunning: before start and after close.
	ErrRouterNotRunning = errors.New("router not running")
	// ErrStoreUnavailable: Postgres does not answer and receiving is paused.
	ErrStoreUnavailable = errors.New("postgres unavailable: receiving paused, in-flight messages held")
)

// startOps serves /healthz, /readyz and /metrics before any start-up step,
// when HTTPAddr is set: /readyz names the step waited for until the router
// runs, /metrics is empty until the metrics are registered.
func (s *Service) startOps() error {
	if s.cfg.HTTPAddr == "" {
		return nil
	}
	ctx, stop := context.WithCancel(context.Background())
	gatherer := prometheus.GathererFunc(func() ([]*dto.MetricFamily, error) {
		if reg := s.gatherer.Load(); reg != nil {
			return reg.Gather()
		}
		return nil, nil
	})
	addr, _, err := ops.Serve(ctx, s.cfg.HTTPAddr, ops.StartupHandler(gatherer, s.startup, s.cfg.Profiler))
	if err != nil {
		stop()
		return fmt.Errorf("serve ops endpoints on %s: %w", s.cfg.HTTPAddr, err)
	}
	s.httpAddr = addr
	s.closers = append(s.closers, stop)
	return nil
}

// awaitRunning waits until the router runs, then switches /readyz to the
// dependency checks and logs "processor started". It fails when the router
// stops or the start-up's deadline passes first; it returns nil when ctx
// ends first (a shutdown follows).
func (s *Service) awaitRunning(ctx context.Context, routerDone <-chan error) error {
	const name = "start router"
	s.startup.Begin(name)
	began := time.Now()
	deadline := time.NewTimer(time.Until(s.startedAt.Add(s.cfg.StartupTimeout)))
	defer deadline.Stop()
	select {
	case <-s.router.Running():
		s.startup.Finish(s.readinessChecks())
		s.cfg.Logger.Info("processor started", slog.String("queue", s.cfg.QueueName),
			slog.String("http_addr", s.httpAddrString()), slog.Duration("took", time.Since(s.startedAt)))
		return nil
	case err := <-routerDone:
		return &StartupError{Step: name, Attempts: 1, Waited: time.Since(began), Err: errors.Join(errors.New("router stopped"), err)}
	case <-deadline.C:
		return &StartupError{Step: name, Attempts: 1, Waited: time.Since(began),
			Err: fmt.Errorf("router not running within StartupTimeout %s", s.cfg.StartupTimeout)}
	case <-ctx.Done():
		return nil
	}
}

// readinessChecks are /readyz's checks once the router runs.
func (s *Service) readinessChecks() map[string]ops.Check {
	return map[string]ops.Check{
		"router": func(context.Context) error {
			if s.router == nil || !s.router.IsRunning() || s.router.IsClosed() {
				return ErrRouterNotRunning
			}
			return nil
		},
		"postgres": s.pool.Ping,
		// Postgres answers, and writes do not wait with no commit for
		// 3×STORE_COMMIT_TIMEOUT (store.EventStore.CheckProgress).
		"store": func(ctx context.Context) error {
			var unavailable error
			if !s.gate.Available() {
				unavailable = ErrStoreUnavailable
			}
			return errors.Join(unavailable, s.events.CheckProgress(ctx))
		},
		"sqs": s.pingQueue,
	}
}

// HTTPAddr is the address the ops endpoints listen on, once Run started.
func (s *Service) HTTPAddr() net.Addr {
	return s.httpAddr
}

func (s *Service) httpAddrString() string {
	if s.httpAddr == nil {
		return ""
	}
	return s.httpAddr.String()
}

// Gatherer gives the processor's metrics, Watermill's router metrics included.
func (s *Service) Gatherer() prometheus.Gatherer {
	return s.prometheus
}
