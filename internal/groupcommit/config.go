package groupcommit

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"time"
)

// Defaults of Config.
const (
	DefaultWriters       = 1
	DefaultMaxBatch      = 256
	DefaultCommitTimeout = 10 * time.Second
	DefaultLockTimeout   = time.Second
	// DefaultNoProgressFactor times CommitTimeout is NoProgressAfter's
	// default (30s with the default CommitTimeout).
	DefaultNoProgressFactor = 3
)

// Config configures a Committer. A zero field takes its default, except
// MaxWait, whose zero (its default) means no wait. A zero never stands for
// both: every other field has a lower limit above zero, which Validate
// checks.
type Config struct {
	// Writers is the number of transactions that may be in progress at once.
	// Each holds one pool connection while writing. Default 1: while it
	// commits, the next batch gathers, so batches grow with the load. More
	// writers make smaller batches, hence more statements and commits per
	// item (measured in docs/benchmarks.md: 4 writers cost Postgres about
	// twice the CPU per event of 1); raise it when one transaction's round
	// trips to a distant Postgres limit throughput. Between 1 and 64.
	Writers int
	// MaxBatch is the largest number of items written in one transaction.
	// Default 256; between 1 and 5000.
	MaxBatch int
	// CommitTimeout bounds one transaction, from BEGIN to COMMIT, so a hung
	// Postgres fails the batch instead of blocking it for ever. Default 10s;
	// at least 100ms.
	CommitTimeout time.Duration
	// LockTimeout is the transaction's lock_timeout: the longest one
	// statement waits for a lock (a table locked by an operator's CREATE
	// INDEX, say) before it fails with SQLSTATE 55P03, which the flush
	// function sees and can isolate, instead of holding the whole batch until
	// CommitTimeout. Default 1s, or CommitTimeout if shorter; between 1ms and
	// CommitTimeout. Set with the BEGIN (no extra round trip).
	LockTimeout time.Duration
	// NoProgressAfter is how long writes may wait with no transaction
	// committing before CheckProgress reports a *NoProgressError. Default
	// DefaultNoProgressFactor×CommitTimeout (30s); at least CommitTimeout.
	NoProgressAfter time.Duration
	// MaxWait is how long a writer that took an item waits for more before
	// it writes fewer than MaxBatch, trading that much latency for fewer,
	// larger transactions. Default 0: write what is waiting at once; at
	// most 1s.
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
	c.Writers = cmp.Or(c.Writers, DefaultWriters)
	c.MaxBatch = cmp.Or(c.MaxBatch, DefaultMaxBatch)
	c.CommitTimeout = cmp.Or(c.CommitTimeout, DefaultCommitTimeout)
	c.LockTimeout = cmp.Or(c.LockTimeout, min(DefaultLockTimeout, c.CommitTimeout))
	c.NoProgressAfter = cmp.Or(c.NoProgressAfter, DefaultNoProgressFactor*c.CommitTimeout)
	c.BaseContext = cmp.Or[context.Context](c.BaseContext, context.Background())
	return c
}

// Validate reports every field outside its limits, naming the field and
// the limit. New calls it after WithDefaults.
func (c Config) Validate() error {
	var errs []error
	if c.Writers < 1 || c.Writers > 64 {
		errs = append(errs, fmt.Errorf("groupcommit: Writers must be in [1, 64], got %d", c.Writers))
	}
	if c.MaxBatch < 1 || c.MaxBatch > 5000 {
		errs = append(errs, fmt.Errorf("groupcommit: MaxBatch must be in [1, 5000], got %d", c.MaxBatch))
	}
	if c.CommitTimeout < 100*time.Millisecond {
		errs = append(errs, fmt.Errorf("groupcommit: CommitTimeout must be at least 100ms, got %s", c.CommitTimeout))
	}
	if c.LockTimeout < time.Millisecond || c.LockTimeout > c.CommitTimeout {
		errs = append(errs, fmt.Errorf("groupcommit: LockTimeout must be in [1ms, CommitTimeout %s], got %s", c.CommitTimeout, c.LockTimeout))
	}
	if c.NoProgressAfter < c.CommitTimeout {
		errs = append(errs, fmt.Errorf("groupcommit: NoProgressAfter must be at least CommitTimeout %s, got %s", c.CommitTimeout, c.NoProgressAfter))
	}
	if c.MaxWait < 0 || c.MaxWait > time.Second {
		errs = append(errs, fmt.Errorf("groupcommit: MaxWait must be in [0, 1s], got %s", c.MaxWait))
	}
	if c.BaseContext == nil {
		errs = append(errs, errors.New("groupcommit: BaseContext is nil: leave it unset for the default"))
	}
	return errors.Join(errs...)
}
