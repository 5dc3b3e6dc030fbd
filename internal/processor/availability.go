package processor

import (
	"context"
	"errors"
	"fmt"

	"github.com/jackc/pgx/v5"

	"github.com/eventmesh/processor/internal/backpressure"
)

// ErrStoreUnavailable is the readiness failure while Postgres does not answer
// and receiving is paused.
var ErrStoreUnavailable = errors.New("postgres unavailable: receiving paused, in-flight messages held")

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

// storeAvailable is the readiness check of the gate.
func (s *Service) storeAvailable(context.Context) error {
	if !s.gate.Available() {
		return ErrStoreUnavailable
	}
	return nil
}
