package processor

import (
	"context"
	"errors"
	"fmt"
	"net"
	"sync"
	"sync/atomic"
	"time"

	"github.com/ThreeDotsLabs/watermill"
	"github.com/ThreeDotsLabs/watermill/message"
	"github.com/aws/aws-sdk-go-v2/service/sqs"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/prometheus/client_golang/prometheus"

	"github.com/eventmesh/processor/internal/backpressure"
	"github.com/eventmesh/processor/internal/logging"
	"github.com/eventmesh/processor/internal/metrics"
	"github.com/eventmesh/processor/internal/ops"
	"github.com/eventmesh/processor/internal/poison"
	"github.com/eventmesh/processor/internal/registry"
	"github.com/eventmesh/processor/internal/sqsqueue"
	"github.com/eventmesh/processor/internal/store"
)

// Service is a configured processor, ready to Run.
type Service struct {
	cfg        Config
	router     *message.Router
	pool       *pgxpool.Pool
	gate       *backpressure.Gate
	sqs        *sqs.Client
	queues     sqsqueue.Queues
	registry   *registry.Holder
	events     *store.EventStore
	poison     *poison.Store
	subscriber *sqsqueue.Subscriber
	prometheus *prometheus.Registry
	metrics    *metrics.Metrics
	httpAddr   net.Addr
	// gatherer serves /metrics from the start; the registry once it exists.
	gatherer atomic.Pointer[prometheus.Registry]
	// startedAt and startup are the start-up's clock and progress (/readyz).
	startedAt time.Time
	startup   *ops.Startup
	// ddl sets lock_timeout on the sessions of start-up DDL.
	ddl *ddlSessions
	// writes is the context of the group commit's transactions;
	// abortWrites cancels those in progress when the shutdown's drain ends.
	writes      context.Context
	abortWrites context.CancelFunc
	closeMu     sync.Mutex
	closers     []func()
}

// New starts the ops endpoints (/healthz answers at once; /readyz names the
// start-up step waited for until the router runs), then connects to Postgres
// and SQS, creates the queues and tables it needs, loads the tenant registry
// and assembles the router, one logged step at a time. Each attempt of a
// step is bounded by StartupStepTimeout and transient failures are retried
// until StartupTimeout; New then returns a *StartupError. Close releases
// what New acquired when Run is not called.
func New(ctx context.Context, cfg Config) (_ *Service, err error) {
	cfg = cfg.withDefaults()
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	s := &Service{cfg: cfg, startedAt: time.Now(), startup: ops.NewStartup()}
	s.writes, s.abortWrites = context.WithCancel(context.Background())
	s.cfg.Store.BaseContext = s.writes
	s.closers = append(s.closers, s.abortWrites)
	defer func() {
		if err != nil {
			s.Close()
		}
	}()
	if err := s.startOps(); err != nil {
		return nil, err
	}
	if err := s.runSteps(ctx, s.steps()); err != nil {
		return nil, s.failStartup(ctx, err)
	}
	return s, nil
}

// steps are the start-up's steps, in order.
func (s *Service) steps() []step {
	return []step{
		{"load schemas", s.loadRegistry},
		{"connect to postgres", s.connectPostgres},
		{"create store gate", s.newStoreGate},
		{"create event tables", s.openEventStore},
		{"create poison table", s.openPoisonStore},
		{"create poison actions table", s.openPoisonActions},
		{"create queues", s.ensureQueues},
		{"create subscriber", s.newSubscriber},
		{"register metrics", s.registerMetrics},
		{"assemble router", s.newRouter},
	}
}

// Run starts the router, logs "processor started" once it runs, and
// processes messages until ctx ends; then it shuts down within CloseTimeout
// (see Config.CloseTimeout) and releases everything. It returns nil after a
// shutdown that finished within its budget, an error when the router did
// not start within StartupTimeout, stopped on its own, or when the budget
// ran out (what was still in flight is left to SQS).
func (s *Service) Run(ctx context.Context) error {
	routerDone := make(chan error, 1)
	go func() { routerDone <- s.router.Run(context.WithoutCancel(ctx)) }()
	if err := s.awaitRunning(ctx, routerDone); err != nil {
		return errors.Join(err, s.shutdown())
	}
	select {
	case <-ctx.Done():
		return s.shutdown()
	case err := <-routerDone:
		return errors.Join(fmt.Errorf("router stopped on its own: %w", err), s.shutdown())
	}
}

// Running is closed once the router is processing messages.
func (s *Service) Running() <-chan struct{} {
	return s.router.Running()
}

// Close releases the service's resources, in reverse order of acquisition.
// Safe to call more than once.
func (s *Service) Close() {
	s.closeMu.Lock()
	defer s.closeMu.Unlock()
	for i := len(s.closers) - 1; i >= 0; i-- {
		s.closers[i]()
	}
	s.closers = nil
}

func (s *Service) logger() watermill.LoggerAdapter {
	return logging.WatermillLogger(s.cfg.Logger)
}
