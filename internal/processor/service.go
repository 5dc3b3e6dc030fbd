package processor

import (
	"context"
	"errors"
	"fmt"
	"net"

	"github.com/ThreeDotsLabs/watermill"
	"github.com/ThreeDotsLabs/watermill/message"
	"github.com/aws/aws-sdk-go-v2/service/sqs"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/prometheus/client_golang/prometheus"

	"github.com/eventmesh/processor/internal/backpressure"
	"github.com/eventmesh/processor/internal/logging"
	"github.com/eventmesh/processor/internal/metrics"
	"github.com/eventmesh/processor/internal/poison"
	"github.com/eventmesh/processor/internal/poisonadmin"
	"github.com/eventmesh/processor/internal/registry"
	"github.com/eventmesh/processor/internal/sqsqueue"
	"github.com/eventmesh/processor/internal/store"
)

// Service is a configured processor, ready to Run.
type Service struct {
	cfg      Config
	router   *message.Router
	pool     *pgxpool.Pool
	gate     *backpressure.Gate
	sqs      *sqs.Client
	queues   sqsqueue.Queues
	registry *registry.Holder
	events   *store.EventStore
	poison   *poison.Store
	// poisonAdmin counts the poison backlog for the metrics.
	poisonAdmin *poisonadmin.Admin
	subscriber  *sqsqueue.Subscriber
	prometheus  *prometheus.Registry
	metrics     *metrics.Metrics
	httpAddr    net.Addr
	closers     []func()
}

// New connects to Postgres and SQS, creates the queues and tables it needs,
// loads the tenant registry and assembles the router. Close releases what New
// acquired when Run is not called.
func New(ctx context.Context, cfg Config) (_ *Service, err error) {
	cfg = cfg.withDefaults()
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	s := &Service{cfg: cfg}
	defer func() {
		if err != nil {
			s.Close()
		}
	}()
	steps := []func(context.Context) error{
		s.loadRegistry, s.connectPostgres, s.newStoreGate, s.openStores, s.ensureQueues, s.newSubscriber, s.newMetrics, s.newRouter,
	}
	for _, step := range steps {
		if err := step(ctx); err != nil {
			return nil, err
		}
	}
	return s, nil
}

// Run processes messages until ctx ends, then drains in-flight messages
// within CloseTimeout and releases everything. It returns nil after a clean
// drain.
func (s *Service) Run(ctx context.Context) error {
	defer s.Close()
	opsCtx, stopOps := context.WithCancel(context.WithoutCancel(ctx))
	defer stopOps()
	if _, err := s.serveOps(opsCtx); err != nil {
		return err
	}
	stopped := make(chan error, 1)
	go func() {
		<-ctx.Done()
		stopped <- s.router.Close()
	}()
	if err := s.router.Run(context.WithoutCancel(ctx)); err != nil {
		return fmt.Errorf("run router: %w", err)
	}
	// Run returns once the router is closed, which may be before Close
	// returns to the goroutine above: a stop that was asked for waits for it.
	if ctx.Err() != nil {
		return <-stopped
	}
	return errors.New("router stopped on its own")
}

// Running is closed once the router is processing messages.
func (s *Service) Running() <-chan struct{} {
	return s.router.Running()
}

// Registry is the tenant registry in use; Swap it to reload schemas.
func (s *Service) Registry() *registry.Holder {
	return s.registry
}

// Close releases the service's resources, in reverse order of acquisition.
func (s *Service) Close() {
	for i := len(s.closers) - 1; i >= 0; i-- {
		s.closers[i]()
	}
	s.closers = nil
}

func (s *Service) logger() watermill.LoggerAdapter {
	return logging.WatermillLogger(s.cfg.Logger)
}
