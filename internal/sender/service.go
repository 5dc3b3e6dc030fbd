package sender

import (
	"context"
	"errors"
	"fmt"
	"net"
	"os"
	"strconv"
	"sync"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/eventmesh/processor/internal/delivery"
	"github.com/eventmesh/processor/internal/egress"
	"github.com/eventmesh/processor/internal/ops"
	"github.com/eventmesh/processor/internal/subscription"
)

// Service is a running sender: the topics router, the delivery workers,
// their result writer and the housekeeping loops.
type Service struct {
	cfg        Config
	pool       *pgxpool.Pool
	endpoints  *endpoints
	metrics    *metrics
	topics     *topics
	dispatcher *dispatcher
	completer  *completer
	results    chan delivery.Result
	httpAddr   net.Addr
	httpDone   <-chan error
}

// New checks cfg, loads the registry and the subscriptions, connects to
// Postgres, creates the sender's tables and wires the service. Close the
// returned Service's pool with Run's return.
func New(ctx context.Context, cfg Config) (*Service, error) {
	cfg = cfg.withDefaults()
	if err := cfg.Validate(); err != nil {
		return nil, fmt.Errorf("sender config: %w", err)
	}
	if cfg.InstanceID == "" {
		host, _ := os.Hostname()
		cfg.InstanceID = host + "-" + strconv.Itoa(os.Getpid()) + "-" + strconv.FormatInt(time.Now().UnixNano()%1e6, 36)
	}
	guard, err := egress.NewGuard(cfg.AllowAddresses)
	if err != nil {
		return nil, fmt.Errorf("sender config: AllowAddresses: %w", err)
	}
	reg, set, err := subscription.LoadSource(cfg.SchemaDir, cfg.Subscriptions)
	if err != nil {
		return nil, err
	}
	pool, err := pgxpool.New(ctx, cfg.DatabaseURL)
	if err != nil {
		return nil, fmt.Errorf("connect to postgres: %w", err)
	}
	s := &Service{cfg: cfg, pool: pool, metrics: newMetrics(cfg.Registry), results: make(chan delivery.Result, 4*cfg.Concurrency)}
	if err := s.wire(ctx, set, guard); err != nil {
		pool.Close()
		return nil, err
	}
	if err := s.topics.add(reg.Tenants()); err != nil {
		pool.Close()
		return nil, err
	}
	return s, nil
}

func (s *Service) wire(ctx context.Context, set *subscription.Set, guard *egress.Guard) error {
	if err := delivery.EnsureSchema(ctx, s.pool); err != nil {
		return err
	}
	s.endpoints = newEndpoints(set, s.metrics.circuitState)
	if err := s.refreshDisabled(ctx); err != nil {
		return err
	}
	topics, err := newTopics(s.pool, s.cfg, func(tenant, table string) *fanout {
		return &fanout{tenant: tenant, table: table, endpoints: s.endpoints, metrics: s.metrics, logger: s.cfg.Logger}
	})
	if err != nil {
		return err
	}
	s.topics = topics
	client, err := egress.NewClient(guard, egress.ClientConfig{Timeout: s.cfg.RequestTimeout, Transport: s.cfg.Transport})
	if err != nil {
		return err
	}
	s.dispatcher = &dispatcher{cfg: s.cfg, pool: s.pool, client: client, endpoints: s.endpoints, metrics: s.metrics,
		results: s.results, logger: s.cfg.Logger, slots: make(chan struct{}, s.cfg.Concurrency), wake: make(chan struct{}, 1)}
	s.completer = &completer{pool: s.pool, results: s.results, endpoints: s.endpoints, metrics: s.metrics,
		logger: s.cfg.Logger, after: s.cfg.DisableAfter}
	return nil
}

// Run runs the service until ctx ends, then drains: the router stops
// reading topics, workers finish their requests, results are written; all
// within CloseTimeout. It closes the pool before returning.
func (s *Service) Run(ctx context.Context) error {
	defer s.pool.Close()
	runCtx, cancel := context.WithCancel(ctx)
	defer cancel()
	if err := s.serveOps(runCtx); err != nil {
		return err
	}
	var wg sync.WaitGroup
	routerErr := make(chan error, 1)
	go func() { routerErr <- s.topics.run(runCtx) }()
	completed := make(chan struct{})
	go func() { s.completer.run(); close(completed) }()
	wg.Add(2)
	go func() { defer wg.Done(); s.dispatcher.run(runCtx) }()
	go func() { defer wg.Done(); s.housekeeping(runCtx) }()
	var err error
	select {
	case <-ctx.Done():
	case err = <-routerErr:
		err = errors.Join(errors.New("topics router stopped on its own"), err)
		cancel()
	}
	return errors.Join(err, s.drain(&wg, completed))
}

// drain waits for the workers and the result writer within CloseTimeout.
func (s *Service) drain(wg *sync.WaitGroup, completed <-chan struct{}) error {
	closeErr := s.topics.close()
	done := make(chan struct{})
	go func() { wg.Wait(); close(s.results); <-completed; close(done) }()
	select {
	case <-done:
		return closeErr
	case <-time.After(s.cfg.CloseTimeout):
		return errors.Join(closeErr, fmt.Errorf("drain not done within %s: unwritten results are retried after their lease", s.cfg.CloseTimeout))
	}
}

// Reload loads the registry and subscriptions again and swaps them in:
// new tenants get a topic handler, endpoints keep their state. On error
// the ones in force stay.
func (s *Service) Reload(ctx context.Context) error {
	reg, set, err := subscription.LoadSource(s.cfg.SchemaDir, s.cfg.Subscriptions)
	if err != nil {
		return fmt.Errorf("reload subscriptions: %w", err)
	}
	s.endpoints.setSubscriptions(set)
	if err := s.topics.add(reg.Tenants()); err != nil {
		return fmt.Errorf("reload: add tenant topics: %w", err)
	}
	s.cfg.Logger.Info("subscriptions reloaded", "tenants", len(reg.Tenants()), "endpoints", len(set.All()))
	return nil
}

// HTTPAddr is the address /healthz, /readyz and /metrics are served on,
// once Run started (nil without HTTPAddr).
func (s *Service) HTTPAddr() net.Addr {
	return s.httpAddr
}

func (s *Service) serveOps(ctx context.Context) error {
	if s.cfg.HTTPAddr == "" {
		return nil
	}
	checks := map[string]ops.Check{
		"postgres": func(ctx context.Context) error { return s.pool.Ping(ctx) },
		"router": func(context.Context) error {
			if !s.topics.router.IsRunning() {
				return errors.New("topics router not running")
			}
			return nil
		},
	}
	addr, done, err := ops.Serve(ctx, s.cfg.HTTPAddr, ops.Handler(s.cfg.Registry, checks, false))
	if err != nil {
		return fmt.Errorf("serve %s: %w", s.cfg.HTTPAddr, err)
	}
	s.httpAddr, s.httpDone = addr, done
	return nil
}
