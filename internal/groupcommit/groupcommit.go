// Package groupcommit gathers concurrent writes into one Postgres transaction,
// so that many messages share one commit (one fsync) while each caller still
// learns the outcome of its own write only once it is durable.
//
// Callers block in Do until the transaction holding their item has committed
// or failed. With synchronous_commit on, a nil error from Do means the item is
// on disk: only then may the caller acknowledge its message.
package groupcommit

import (
	"context"
	"errors"
	"fmt"
	"sync"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
)

// ErrClosed is returned by Do after Close.
var ErrClosed = errors.New("group committer closed")

// FlushFunc writes items inside tx. It records per-item outcomes in the items
// themselves; a returned error fails the whole batch, which is rolled back.
type FlushFunc[T any] func(ctx context.Context, tx pgx.Tx, items []T) error

type request[T any] struct {
	item T
	done chan error
}

// Committer batches items of type T into shared transactions.
type Committer[T any] struct {
	pool     *pgxpool.Pool
	flush    FlushFunc[T]
	cfg      Config
	requests chan request[T]
	closing  chan struct{}
	closeMu  sync.RWMutex
	closed   bool
	writers  sync.WaitGroup
	progress progress
	begin    pgx.TxOptions
}

// New applies the defaults to cfg, validates it (an error names every
// field outside its limits) and starts cfg.Writers writer goroutines. Call
// Close to stop them.
func New[T any](pool *pgxpool.Pool, cfg Config, flush FlushFunc[T]) (*Committer[T], error) {
	cfg = cfg.WithDefaults()
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	c := &Committer[T]{
		pool:     pool,
		flush:    flush,
		cfg:      cfg,
		requests: make(chan request[T]),
		closing:  make(chan struct{}),
		begin:    pgx.TxOptions{BeginQuery: fmt.Sprintf("BEGIN; SET LOCAL lock_timeout = %d", cfg.LockTimeout.Milliseconds())},
	}
	c.writers.Add(cfg.Writers)
	for range cfg.Writers {
		go c.runWriter()
	}
	return c, nil
}

// Do writes item in the next transaction and waits until it has committed.
// If ctx ends first, Do returns ctx's error; the item may still commit, so a
// caller must treat that as "unknown" (retry idempotently), never as "lost".
func (c *Committer[T]) Do(ctx context.Context, item T) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	defer c.progress.wait()()
	c.closeMu.RLock()
	if c.closed {
		c.closeMu.RUnlock()
		return ErrClosed
	}
	req := request[T]{item: item, done: make(chan error, 1)}
	select {
	case c.requests <- req:
		c.closeMu.RUnlock()
	case <-ctx.Done():
		c.closeMu.RUnlock()
		return ctx.Err()
	}
	select {
	case err := <-req.done:
		return err
	case <-ctx.Done():
		return ctx.Err()
	}
}

// Close stops accepting items and waits for batches in progress to finish.
func (c *Committer[T]) Close() {
	c.closeMu.Lock()
	if c.closed {
		c.closeMu.Unlock()
		return
	}
	c.closed = true
	close(c.closing)
	c.closeMu.Unlock()
	c.writers.Wait()
}
