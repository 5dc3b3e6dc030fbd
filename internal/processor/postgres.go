package processor

import (
	"context"
	"fmt"
	"strings"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/eventmesh/processor/internal/backpressure"
	"github.com/eventmesh/processor/internal/poison"
	"github.com/eventmesh/processor/internal/store"
)

// The start-up steps on the Postgres side, in New's order.

// connectPostgres creates the pool on the first attempt and pings Postgres
// on each.
func (s *Service) connectPostgres(ctx context.Context) error {
	if s.pool == nil {
		pool, err := newPool(s.cfg.DatabaseURL, s.cfg.Store.Writers, s.ddl)
		if err != nil {
			return err
		}
		s.closers = append(s.closers, pool.Close)
		s.pool = pool
	}
	if err := s.pool.Ping(ctx); err != nil {
		return fmt.Errorf("connect to postgres: %w", err)
	}
	return nil
}

// newPool creates a pool of two connections per store writer (events and
// poison) plus two, unless databaseURL sets pool_max_conns. Connections
// acquired for start-up DDL set lock_timeout (ddlSessions).
func newPool(databaseURL string, writers int, ddl *ddlSessions) (*pgxpool.Pool, error) {
	poolCfg, err := pgxpool.ParseConfig(databaseURL)
	if err != nil {
		return nil, fmt.Errorf("parse DatabaseURL: %w", err)
	}
	if !strings.Contains(databaseURL, "pool_max_conns") {
		poolCfg.MaxConns = int32(2*writers + 2)
	}
	poolCfg.PrepareConn, poolCfg.AfterRelease = ddl.prepare, ddl.afterRelease
	pool, err := pgxpool.NewWithConfig(context.Background(), poolCfg)
	if err != nil {
		return nil, fmt.Errorf("connect to postgres: %w", err)
	}
	return pool, nil
}

// newStoreGate creates the gate that pauses receiving and holds in-flight
// messages while Postgres does not answer (backpressure.Gate).
func (s *Service) newStoreGate(context.Context) error {
	gate, err := backpressure.New(backpressure.Config{Probe: s.probePostgres, Logger: s.cfg.Logger})
	if err != nil {
		return fmt.Errorf("store gate: %w", err)
	}
	s.closers = append(s.closers, gate.Close)
	s.gate = gate
	return nil
}

// probePostgres opens a session of its own and runs a query: a pool whose
// connections are all busy (or broken by a failover) must not decide the
// answer, and a Postgres that accepts connections without answering is down.
func (s *Service) probePostgres(ctx context.Context) error {
	conn, err := pgx.ConnectConfig(ctx, s.pool.Config().ConnConfig.Copy())
	if err != nil {
		return fmt.Errorf("connect: %w", err)
	}
	defer conn.Close(context.WithoutCancel(ctx))
	var one int
	if err := conn.QueryRow(ctx, "SELECT 1").Scan(&one); err != nil {
		return fmt.Errorf("query: %w", err)
	}
	return nil
}

// openEventStore starts the event store's writers on the first attempt and
// creates the event table of every tenant in the registry, checking that
// each has its unique index on uuid (store.EnsureTopic): a table without it
// fails start-up, naming the tenant, the table and the index, rather than
// every insert of the tenant later.
func (s *Service) openEventStore(ctx context.Context) error {
	if s.events == nil {
		events, err := store.NewEventStore(s.pool, s.cfg.Store)
		if err != nil {
			return err
		}
		events.SetLogger(s.cfg.Logger)
		s.closers = append(s.closers, events.Close)
		s.events = events
	}
	for _, tenant := range s.registry.Current().Tenants() {
		if err := s.events.EnsureTenant(ctx, tenant); err != nil {
			return fmt.Errorf("create event table of tenant %s: %w", tenant, describeLockTimeout(err, "of the tenant", s.ddl.timeout))
		}
	}
	return nil
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
