package processor

import (
	"context"
	"fmt"

	"github.com/aws/aws-sdk-go-v2/service/sqs"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/eventmesh/processor/internal/poison"
	"github.com/eventmesh/processor/internal/registry"
	"github.com/eventmesh/processor/internal/sqsqueue"
	"github.com/eventmesh/processor/internal/store"
)

func (s *Service) loadRegistry(context.Context) error {
	reg, err := s.readRegistry()
	if err != nil {
		return err
	}
	s.registry = registry.NewHolder(reg)
	return nil
}

// connectPostgres creates the pool once and pings Postgres (each attempt).
// Connections acquired for start-up DDL set lock_timeout (ddlSessions).
func (s *Service) connectPostgres(ctx context.Context) error {
	if s.pool == nil {
		if err := s.newPool(); err != nil {
			return err
		}
	}
	if err := s.pool.Ping(ctx); err != nil {
		return fmt.Errorf("connect to postgres: %w", err)
	}
	return nil
}

func (s *Service) newPool() error {
	poolCfg, err := pgxpool.ParseConfig(s.cfg.DatabaseURL)
	if err != nil {
		return fmt.Errorf("parse DatabaseURL: %w", err)
	}
	if !poolCfgHasMaxConns(s.cfg.DatabaseURL) {
		poolCfg.MaxConns = int32(2*s.cfg.Store.Writers + 2)
	}
	s.ddl = newDDLSessions(s.cfg.StartupStepTimeout)
	poolCfg.PrepareConn, poolCfg.AfterRelease = s.ddl.prepare, s.ddl.afterRelease
	pool, err := pgxpool.NewWithConfig(context.Background(), poolCfg)
	if err != nil {
		return fmt.Errorf("connect to postgres: %w", err)
	}
	s.closers = append(s.closers, pool.Close)
	s.pool = pool
	return nil
}

// openEventStore creates every tenant's event table and starts the event
// store's writers.
func (s *Service) openEventStore(ctx context.Context) error {
	if s.events == nil {
		events, err := store.NewEventStore(s.pool, s.cfg.Store)
		if err != nil {
			return err
		}
		s.closers = append(s.closers, events.Close)
		s.events = events
	}
	return s.ensureTenantTopics(ctx, s.registry.Current())
}

// openPoisonStore creates the poison table and starts its writers.
func (s *Service) openPoisonStore(ctx context.Context) error {
	poisonStore, err := poison.NewStore(ctx, s.pool, s.cfg.Store)
	if err != nil {
		return describeLockTimeout(err, poison.MessagesTable(), s.ddl.timeout)
	}
	s.closers = append(s.closers, poisonStore.Close)
	s.poison = poisonStore
	return nil
}

// openPoisonActions creates the poison tool's actions table, which the
// poison backlog gauge (poison.Store.OpenCount) reads.
func (s *Service) openPoisonActions(ctx context.Context) error {
	if err := poison.EnsureActionsTable(ctx, s.pool); err != nil {
		return fmt.Errorf("poison actions table: %w", describeLockTimeout(err, poison.ActionsTable, s.ddl.timeout))
	}
	return nil
}

// ensureTenantTopics creates the event table of every tenant in reg and
// checks that each has its unique index on uuid (store.EnsureTopic): a table
// without it fails start-up or the reload, naming the tenant, the table and
// the index, rather than every insert of the tenant later.
func (s *Service) ensureTenantTopics(ctx context.Context, reg *registry.Registry) error {
	for _, tenant := range reg.Tenants() {
		if err := s.events.EnsureTenant(ctx, tenant); err != nil {
			return fmt.Errorf("create event table of tenant %s: %w", tenant, describeLockTimeout(err, "of the tenant", s.ddl.timeout))
		}
	}
	return nil
}

func (s *Service) ensureQueues(ctx context.Context) error {
	s.sqs = sqs.NewFromConfig(s.cfg.AWS)
	queues, err := sqsqueue.EnsureQueues(ctx, s.sqs, s.cfg.queueSpec())
	if err != nil {
		return fmt.Errorf("create queues: %w", err)
	}
	s.queues = queues
	return nil
}

func (s *Service) newSubscriber(context.Context) error {
	sub, err := sqsqueue.NewSubscriber(sqsqueue.SubscriberConfig{
		// Its own client from AWS: a transport with idle connections for
		// every receiver and batch call, which the default one lacks.
		AWSConfig:           s.cfg.AWS,
		MaxReceivers:        s.cfg.MaxReceivers,
		MaxInFlight:         s.cfg.MaxInFlight,
		WaitTime:            s.cfg.WaitTime,
		VisibilityTimeout:   s.cfg.VisibilityTimeout,
		MaxProcessingTime:   s.cfg.MaxProcessingTime,
		NackVisibilityDelay: s.cfg.NackVisibilityDelay,
		AckFlushDelay:       s.cfg.AckFlushDelay,
		CloseTimeout:        s.cfg.drainTimeout(),
		ReceiveGate:         s.gate.Wait,
	}, s.logger())
	if err != nil {
		return fmt.Errorf("create sqs subscriber: %w", err)
	}
	// The router closes the subscriber without waiting for it; this waits
	// until the last deletes and visibility changes were sent. Messages
	// left in flight at CloseTimeout are the subscriber's to log (Close
	// returns nil for them): only an unexpected error is logged here.
	s.closers = append(s.closers, func() {
		if err := sub.Close(); err != nil {
			s.cfg.Logger.Error("close SQS subscriber", "error", err.Error())
		}
	})
	s.subscriber = sub
	return nil
}
