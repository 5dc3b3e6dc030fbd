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
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
)

// ErrClosed is returned by Do after Close.
var ErrClosed = errors.New("group committer closed")

// Defaults of Config.
const (
	DefaultWriters       = 1
	DefaultMaxBatch      = 256
	DefaultCommitTimeout = 10 * time.Second
	DefaultLockTimeout   = time.Second
)

// Config configures a Committer.
type Config struct {
	// Writers is the number of transactions that may be in progress at once.
	// Each holds one pool connection while writing. Default 1: while it
	// commits, the next batch gathers, so batches grow with the load. More
	// writers make smaller batches, hence more statements and commits per
	// item (measured in docs/benchmarks.md: 4 writers cost Postgres about
	// twice the CPU per event of 1); raise it when one transaction's round
	// trips to a distant Postgres limit throughput.
	Writers int
	// MaxBatch is the largest number of items written in one transaction.
	// Default 256.
	MaxBatch int
	// CommitTimeout bounds one transaction, from BEGIN to COMMIT, so a hung
	// Postgres fails the batch instead of blocking it for ever. Default 10s.
	CommitTimeout time.Duration
	// LockTimeout is the transaction's lock_timeout: the longest one
	// statement waits for a lock (a table locked by an operator's CREATE
	// INDEX, say) before it fails with SQLSTATE 55P03, which the flush
	// function sees and can isolate, instead of holding the whole batch until
	// CommitTimeout. Default 1s; at most CommitTimeout. Set with the BEGIN
	// (no extra round trip).
	LockTimeout time.Duration
	// NoProgressAfter is how long writes may wait with no transaction
	// committing before CheckProgress reports a *NoProgressError. Default
	// 3×CommitTimeout (30s); at least CommitTimeout.
	NoProgressAfter time.Duration
	// MaxWait is how long a writer that took an item waits for more before
	// it writes fewer than MaxBatch, trading that much latency for fewer,
	// larger transactions. Default 0: write what is waiting at once.
	MaxWait time.Duration
	// BaseContext is the context of every transaction, each bounded by
	// CommitTimeout: when it ends, the transactions in progress are
	// cancelled and rolled back, their callers get an error (nothing of
	// them committed: nothing may be acknowledged) and Close returns once
	// they are rolled back. The processor ends it when its shutdown budget's
	// drain is over. Default context.Background().
	BaseContext context.Context
}

// WithDefaults returns c with every zero field set to its default, as New
// does; BaseContext takes context.Background().
func (c Config) WithDefaults() Config {
	if c.Writers == 0 {
		c.Writers = DefaultWriters
	}
	if c.MaxBatch == 0 {
		c.MaxBatch = DefaultMaxBatch
	}
	if c.CommitTimeout == 0 {
		c.CommitTimeout = DefaultCommitTimeout
	}
	if c.BaseContext == nil {
		c.BaseContext = context.Background()
	}
	if c.LockTimeout == 0 {
		c.LockTimeout = min(DefaultLockTimeout, c.CommitTimeout)
	}
	if c.NoProgressAfter == 0 {
		c.NoProgressAfter = 3 * c.CommitTimeout
	}
	return c
}

// Validate reports the first invalid field.
func (c Config) Validate() error {
	switch {
	case c.Writers < 1 || c.Writers > 64:
		return fmt.Errorf("groupcommit: Writers must be in [1, 64], got %d", c.Writers)
	case c.MaxBatch < 1 || c.MaxBatch > 5000:
		return fmt.Errorf("groupcommit: MaxBatch must be in [1, 5000], got %d", c.MaxBatch)
	case c.CommitTimeout < 100*time.Millisecond:
		return fmt.Errorf("groupcommit: CommitTimeout must be at least 100ms, got %s", c.CommitTimeout)
	case c.LockTimeout < time.Millisecond || c.LockTimeout > c.CommitTimeout:
		return fmt.Errorf("groupcommit: LockTimeout must be in [1ms, CommitTimeout (%s)], got %s", c.CommitTimeout, c.LockTimeout)
	case c.NoProgressAfter < c.CommitTimeout:
		return fmt.Errorf("groupcommit: NoProgressAfter must be at least CommitTimeout (%s), got %s", c.CommitTimeout, c.NoProgressAfter)
	case c.MaxWait < 0 || c.MaxWait > time.Second:
		return fmt.Errorf("groupcommit: MaxWait must be in [0, 1s], got %s", c.MaxWait)
	}
	return nil
}

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

// New starts cfg.Writers writer goroutines. Call Close to stop them.
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
