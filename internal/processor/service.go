package processor

import (
	"context"
	"errors"
	"fmt"
	"net"
	"sync"
	"sync/atomic"
	"time"

	"github.com/ThreeDotsLabs/watermill/message"
	"github.com/aws/aws-sdk-go-v2/service/sqs"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/prometheus/client_golang/prometheus"

	"github.com/eventmesh/processor/internal/backpressure"
	"github.com/eventmesh/processor/internal/metrics"
	"github.com/eventmesh/processor/internal/ops"
	"github.com/eventmesh/processor/internal/poison"
	"github.com/eventmesh/processor/internal/registry"
	"github.com/eventmesh/processor/internal/sqsqueue"
	"github.com/eventmesh/processor/internal/store"
)

// Service is a configured processor, ready to Run. Its fields are in the
// order New builds them.
type Service struct {
	cfg Config
	// startedAt and startup are the start-up's clock and progress (/readyz).
	startedAt time.Time
	startup   *ops.Startup
	httpAddr  net.Addr
	// gatherer serves /metrics from the start; prometheus once it exists.
	gatherer atomic.Pointer[prometheus.Registry]

	registry   *registry.Holder
	ddl        *ddlSessions // sets lock_timeout on the sessions of start-up DDL
	pool       *pgxpool.Pool
	gate       *backpressure.Gate
	events     *store.EventStore
	poison     *poison.Store
	sqs        *sqs.Client
	queues     sqsqueue.Queues
	subscriber *sqsqueue.Subscriber
	prometheus *prometheus.Registry
	metrics    *metrics.Metrics
	router     *message.Router

	// writes is the context of the group commit's transactions;
	// abortWrites cancels those in progress when the shutdown's drain ends.
	writes      context.Context
	abortWrites context.CancelFunc
	closeMu     sync.Mutex
	closers     []func()
}

// New validates cfg (with its defaults), starts the ops endpoints
// (/healthz answers at once; /readyz names the start-up step waited for
// until the router runs), then runs the start-up steps in order, each
// logged: it loads the tenant registry, connects to Postgres, creates the
// tables, the queues and the subscriber, and assembles the router. Each
// attempt of a step is bounded by StartupStepTimeout and transient failures
// are retried until StartupTimeout; New then returns a *StartupError. Close
// releases what New acquired when Run is not called.
func New(ctx context.Context, cfg Config) (_ *Service, err error) {
	cfg = cfg.withDefaults()
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	s := newService(cfg)
	defer func() {
		if err != nil {
			s.Close()
		}
	}()
	if err := s.startOps(); err != nil {
		return nil, err
	}
	// Each step uses what the steps above it built: "uses → builds".
	err = s.runSteps(ctx, []step{
		{"load schemas", s.loadRegistry},                     // SchemaDir → registry
		{"connect to postgres", s.connectPostgres},           // DatabaseURL → pool
		{"create store gate", s.newStoreGate},                // pool → gate
		{"create event tables", s.openEventStore},            // pool, registry → events
		{"create poison table", s.openPoisonStore},           // pool → poison
		{"create poison actions table", s.openPoisonActions}, // pool
		{"create queues", s.ensureQueues},                    // AWS → sqs, queues
		{"create subscriber", s.newSubscriber},               // Subscriber, gate → subscriber
		{"register metrics", s.registerMetrics},              // registry, poison, subscriber, gate, events → metrics
		{"assemble router", s.newRouter},                     // all of the above → router
	})
	if err != nil {
		return nil, s.failStartup(ctx, err)
	}
	return s, nil
}

// newService is a service that has acquired nothing yet but the context of
// its writes.
func newService(cfg Config) *Service {
	s := &Service{cfg: cfg, startedAt: time.Now(), startup: ops.NewStartup(), ddl: newDDLSessions(cfg.StartupStepTimeout)}
	s.writes, s.abortWrites = context.WithCancel(context.Background())
	s.cfg.Store.BaseContext = s.writes
	s.closers = append(s.closers, s.abortWrites)
	return s
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
