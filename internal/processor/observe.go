package processor

import (
	"context"
	"errors"
	"fmt"
	"net"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/sqs"
	"github.com/aws/aws-sdk-go-v2/service/sqs/types"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"

	"github.com/eventmesh/processor/internal/metrics"
	"github.com/eventmesh/processor/internal/ops"
)

// ErrRouterNotRunning is the readiness failure before start and after close.
var ErrRouterNotRunning = errors.New("router not running")

func (s *Service) newMetrics(context.Context) error {
	s.prometheus = prometheus.NewRegistry()
	s.prometheus.MustRegister(collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	s.metrics = metrics.New(s.prometheus, s.knownLabels)
	metrics.RegisterPoisonBacklog(s.prometheus, s.poison.OpenCount, s.cfg.Logger)
	metrics.RegisterSubscriber(s.prometheus, s.subscriber.Stats)
	metrics.RegisterStoreAvailable(s.prometheus, s.gate.Available)
	metrics.RegisterTenantStalls(s.prometheus, s.events.TenantStalls)
	s.events.SetLogger(s.cfg.Logger)
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

// Gatherer gives the processor's metrics, Watermill's router metrics included.
func (s *Service) Gatherer() prometheus.Gatherer {
	return s.prometheus
}

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
			return errors.Join(s.storeAvailable(ctx), s.events.CheckProgress(ctx))
		},
		"sqs": s.pingQueue,
	}
}

func (s *Service) pingQueue(ctx context.Context) error {
	_, err := s.sqs.GetQueueAttributes(ctx, &sqs.GetQueueAttributesInput{
		QueueUrl:       aws.String(s.queues.URL),
		AttributeNames: []types.QueueAttributeName{types.QueueAttributeNameApproximateNumberOfMessages},
	})
	if err != nil {
		return fmt.Errorf("queue %s: %w", s.cfg.QueueName, err)
	}
	return nil
}

// HTTPAddr is the address the ops endpoints listen on, once Run started.
func (s *Service) HTTPAddr() net.Addr {
	return s.httpAddr
}
