package processor

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	dto "github.com/prometheus/client_model/go"

	"github.com/eventmesh/processor/internal/ops"
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

// registerMetrics registers the processor's metrics and serves them.
func (s *Service) registerMetrics(ctx context.Context) error {
	if err := s.newMetrics(ctx); err != nil {
		return err
	}
	s.gatherer.Store(s.prometheus)
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

func (s *Service) httpAddrString() string {
	if s.httpAddr == nil {
		return ""
	}
	return s.httpAddr.String()
}
