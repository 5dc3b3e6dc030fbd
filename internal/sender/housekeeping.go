package sender

import (
	"context"
	"time"

	"github.com/eventmesh/processor/internal/delivery"
)

// housekeeping refreshes the disabled endpoints and the backlog gauges
// every StateRefresh, and deletes old deliveries every CleanupInterval,
// until ctx ends.
func (s *Service) housekeeping(ctx context.Context) {
	refresh := time.NewTicker(s.cfg.StateRefresh)
	defer refresh.Stop()
	cleanup := time.NewTicker(s.cfg.CleanupInterval)
	defer cleanup.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-refresh.C:
			if err := s.refreshDisabled(ctx); err != nil && ctx.Err() == nil {
				s.cfg.Logger.Error("reading disabled endpoints failed", "error", err.Error())
			}
			s.refreshBacklog(ctx)
		case <-cleanup.C:
			n, err := delivery.Cleanup(ctx, s.pool, s.cfg.Retention, delivery.DefaultCleanupBatch)
			if err != nil && ctx.Err() == nil {
				s.cfg.Logger.Error("retention cleanup failed", "deleted", n, "error", err.Error())
			} else if n > 0 {
				s.cfg.Logger.Info("retention cleanup", "deleted", n, "retention", s.cfg.Retention.String())
			}
		}
	}
}

func (s *Service) refreshDisabled(ctx context.Context) error {
	disabled, err := delivery.DisabledEndpoints(ctx, s.pool)
	if err != nil {
		return err
	}
	s.endpoints.setDisabled(disabled)
	return nil
}

func (s *Service) refreshBacklog(ctx context.Context) {
	backlog, err := delivery.DueBacklog(ctx, s.pool)
	if err != nil {
		if ctx.Err() == nil {
			s.cfg.Logger.Error("counting the due backlog failed", "error", err.Error())
		}
		return
	}
	s.metrics.backlog.Reset()
	for _, ep := range s.endpoints.all() {
		sub := ep.subscription()
		s.metrics.backlog.WithLabelValues(sub.Tenant, sub.ID).Set(0)
	}
	for _, b := range backlog {
		if _, ok := s.endpoints.get(b.Tenant + "/" + b.EndpointID); ok {
			s.metrics.backlog.WithLabelValues(b.Tenant, b.EndpointID).Set(float64(b.Due))
		}
	}
}
