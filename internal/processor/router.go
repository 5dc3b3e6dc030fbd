package processor

import (
	"context"
	"fmt"

	wmetrics "github.com/ThreeDotsLabs/watermill/components/metrics"
	"github.com/ThreeDotsLabs/watermill/message"

	"github.com/eventmesh/processor/handlers"
	"github.com/eventmesh/processor/internal/metrics"
	"github.com/eventmesh/processor/middleware"
)

// newRouter assembles the router. Middleware added first runs outermost:
// stack growth, correlation id, failure logging, holding messages while
// Postgres is unavailable, poison queue (permanent errors), retry (transient
// errors), panic recoverer; then the handler (handlers.Event): decode,
// producer authentication, tenant validation, store.
func (s *Service) newRouter(context.Context) error {
	router, err := message.NewRouter(message.RouterConfig{CloseTimeout: s.cfg.CloseTimeout}, s.logger())
	if err != nil {
		return fmt.Errorf("create router: %w", err)
	}
	retry := s.cfg.Retry
	retry.OnRetry = s.metrics.Retried
	router.AddMiddleware(
		middleware.GrowStack,
		middleware.CorrelationID,
		middleware.LogFailures(s.cfg.Logger, DefaultHandlerName),
		middleware.HoldWhileUnavailable(s.gate),
		middleware.PoisonQueue{Put: s.poison.Put, HandlerName: DefaultHandlerName, OnPoisoned: s.metrics.Poisoned}.Middleware,
		retry.Middleware,
		middleware.Recoverer,
	)
	handler := handlers.Event(s.registry, metrics.RegisterUnauthenticated(s.prometheus),
		handlers.Store(s.events, s.metrics.EventSaved))
	router.AddConsumerHandler(DefaultHandlerName, s.cfg.QueueName, s.subscriber, handler)
	// Watermill's handler metrics only: its subscriber decorator forwards
	// every message through one more goroutine and waits for its ack in
	// another (3% of the CPU in the benchmark); the subscriber's own counters
	// (metrics.RegisterSubscriber) tell received, deleted and nacked instead.
	router.AddMiddleware(wmetrics.NewPrometheusMetricsBuilder(s.prometheus, "event_processor", "router").NewRouterMiddleware().Middleware)
	s.router = router
	return nil
}
