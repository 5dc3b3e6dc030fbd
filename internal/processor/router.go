package processor

import (
	"context"
	"fmt"

	wmetrics "github.com/ThreeDotsLabs/watermill/components/metrics"
	"github.com/ThreeDotsLabs/watermill/message"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"

	"github.com/eventmesh/processor/handlers"
	"github.com/eventmesh/processor/internal/logging"
	"github.com/eventmesh/processor/internal/metrics"
	"github.com/eventmesh/processor/middleware"
)

// The last two start-up steps: the metrics, then the router.

// registerMetrics registers the Go and process collectors, the processor's
// counters, the poison backlog, the subscriber's counters, the store's
// availability and the tenants' stalls, and serves them on /metrics.
func (s *Service) registerMetrics(context.Context) error {
	s.prometheus = prometheus.NewRegistry()
	s.prometheus.MustRegister(collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	s.metrics = metrics.New(s.prometheus, s.knownLabels)
	metrics.RegisterPoisonBacklog(s.prometheus, s.poison.OpenCount, s.cfg.Logger)
	metrics.RegisterSubscriber(s.prometheus, s.subscriber.Stats)
	metrics.RegisterStoreAvailable(s.prometheus, s.gate.Available)
	metrics.RegisterTenantStalls(s.prometheus, s.events.TenantStalls)
	s.gatherer.Store(s.prometheus)
	return nil
}

// knownLabels keeps metric labels to tenants and event types of the registry.
func (s *Service) knownLabels(tenant, eventType string) (string, string) {
	reg := s.registry.Current()
	if !reg.HasTenant(tenant) {
		return metrics.Unknown, metrics.Unknown
	}
	if !reg.HasEventType(tenant, eventType) {
		return tenant, metrics.Unknown
	}
	return tenant, eventType
}

// newRouter assembles the router. Middleware added first runs outermost:
// stack growth, correlation id, failure logging, holding messages while
// Postgres is unavailable, poison queue (permanent errors), retry (transient
// errors), panic recoverer; then the handler (handlers.Event): decode,
// producer authentication, tenant validation, store.
func (s *Service) newRouter(context.Context) error {
	router, err := message.NewRouter(message.RouterConfig{CloseTimeout: s.cfg.CloseTimeout}, logging.WatermillLogger(s.cfg.Logger))
	if err != nil {
		return fmt.Errorf("create router: %w", err)
	}
	retry := s.cfg.Retry
	retry.OnRetry = s.metrics.Retried
	router.AddMiddleware(
		middleware.GrowStack,
		middleware.CorrelationID,
		middleware.LogFailures(s.cfg.Logger, handlerName),
		middleware.HoldWhileUnavailable(s.gate),
		middleware.PoisonQueue{Put: s.poison.Put, HandlerName: handlerName, OnPoisoned: s.metrics.Poisoned}.Middleware,
		retry.Middleware,
		middleware.Recoverer,
	)
	handler := handlers.Event(s.registry, metrics.RegisterUnauthenticated(s.prometheus),
		handlers.Store(s.events, s.metrics.EventSaved))
	router.AddConsumerHandler(handlerName, s.cfg.QueueName, s.subscriber, handler)
	// Watermill's handler metrics only: its subscriber decorator forwards
	// every message through one more goroutine and waits for its ack in
	// another (3% of the CPU in the benchmark); the subscriber's own counters
	// (metrics.RegisterSubscriber) tell received, deleted and nacked instead.
	router.AddMiddleware(wmetrics.NewPrometheusMetricsBuilder(s.prometheus, "event_processor", "router").NewRouterMiddleware().Middleware)
	s.router = router
	return nil
}
