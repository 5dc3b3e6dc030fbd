package store

import (
	"context"
	"fmt"
	"log/slog"
	"maps"
	"slices"
	"sync"
	"sync/atomic"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
)

// failureLogInterval is the least time between two log lines about one
// tenant's failed writes (a stall or a recovery is always logged).
const failureLogInterval = 10 * time.Second

// stalls sets aside the tenants whose table cannot be written and probes
// them, one at a time on a pool session, until each can be locked for
// writing again.
type stalls struct {
	pool        *pgxpool.Pool
	lockTimeout time.Duration
	table       func(topic string) string // quoted
	logger      atomic.Pointer[slog.Logger]
	ctx         context.Context
	cancel      context.CancelFunc
	probes      sync.WaitGroup

	mu      sync.Mutex
	byTopic map[string]*tenantState
	probing bool
}

type tenantState struct {
	TenantStall
	since    time.Time
	cause    error
	aside    uint64 // events set aside in this stall
	logged   time.Time
	unlogged uint64 // failures since the last log line
	stalled  bool
}

func newStalls(pool *pgxpool.Pool, lockTimeout time.Duration, table func(string) string) *stalls {
	ctx, cancel := context.WithCancel(context.Background())
	st := &stalls{pool: pool, lockTimeout: lockTimeout, table: table, ctx: ctx, cancel: cancel, byTopic: map[string]*tenantState{}}
	st.logger.Store(slog.Default())
	return st
}

func (st *stalls) state(topic string) *tenantState {
	s := st.byTopic[topic]
	if s == nil {
		s = &tenantState{TenantStall: TenantStall{Tenant: tenantOf(topic)}}
		st.byTopic[topic] = s
	}
	return s
}

// setAside fails the requests of stalled tenants with a *TenantStalledError
// and returns the other groups.
func (st *stalls) setAside(groups []*topicGroup) []*topicGroup {
	st.mu.Lock()
	defer st.mu.Unlock()
	kept := groups[:0]
	for _, g := range groups {
		s := st.byTopic[g.topic]
		if s == nil || !s.stalled {
			kept = append(kept, g)
			continue
		}
		err := &TenantStalledError{Tenant: s.Tenant, Since: s.since, Err: s.cause}
		for _, r := range g.reqs {
			r.outcome, r.err = 0, err
		}
		s.FailedWrites += uint64(len(g.reqs))
		s.aside += uint64(len(g.reqs))
	}
	return kept
}

// failed records that g's write failed with err; a lock timeout sets the
// tenant aside and starts probing it.
func (st *stalls) failed(g *topicGroup, err error) {
	st.mu.Lock()
	defer st.mu.Unlock()
	s := st.state(g.topic)
	s.FailedWrites += uint64(len(g.reqs))
	if isLockTimeout(err) && !s.stalled && st.ctx.Err() == nil {
		s.stalled, s.since, s.cause, s.aside = true, time.Now(), err, 0
		s.Stalls++
		st.logger.Load().Warn("tenant table cannot be written: tenant set aside, its events fail at once and are retried until its table can be locked again",
			"tenant", s.Tenant, "table", st.table(g.topic), "lock_timeout", st.lockTimeout, "events", len(g.reqs), "error", err.Error())
		st.startProbing()
		return
	}
	s.unlogged++
	if time.Since(s.logged) >= failureLogInterval {
		st.logger.Load().Warn("events of tenant failed to store; they are retried",
			"tenant", s.Tenant, "events", s.unlogged, "error", err.Error())
		s.logged, s.unlogged = time.Now(), 0
	}
}

// snapshot lists every tenant that failed at least once, by tenant.
func (st *stalls) snapshot() []TenantStall {
	st.mu.Lock()
	defer st.mu.Unlock()
	out := make([]TenantStall, 0, len(st.byTopic))
	for _, topic := range slices.Sorted(maps.Keys(st.byTopic)) {
		s := st.byTopic[topic]
		out = append(out, TenantStall{Tenant: s.Tenant, Stalled: s.stalled, Stalls: s.Stalls, FailedWrites: s.FailedWrites})
	}
	return out
}

func (st *stalls) close() {
	st.cancel()
	st.probes.Wait()
}

// startProbing starts the probe loop unless it runs. Call with mu held.
func (st *stalls) startProbing() {
	if st.probing {
		return
	}
	st.probing = true
	st.probes.Add(1)
	go st.probeLoop()
}

// probeLoop probes each stalled tenant in turn, with a growing pause between
// rounds (50ms to 1s), until none is stalled or the store closes.
func (st *stalls) probeLoop() {
	defer st.probes.Done()
	pause := 50 * time.Millisecond
	for {
		topics := st.stalledTopics()
		if len(topics) == 0 {
			return
		}
		for _, topic := range topics {
			if err := st.probe(topic); err == nil {
				st.recovered(topic)
			}
		}
		select {
		case <-st.ctx.Done():
			return
		case <-time.After(pause):
		}
		pause = min(2*pause, time.Second)
	}
}

// stalledTopics lists the stalled topics; when there is none it marks the
// probe loop stopped, under the same lock.
func (st *stalls) stalledTopics() []string {
	st.mu.Lock()
	defer st.mu.Unlock()
	var topics []string
	for topic, s := range st.byTopic {
		if s.stalled {
			topics = append(topics, topic)
		}
	}
	if len(topics) == 0 || st.ctx.Err() != nil {
		st.probing = false
		return nil
	}
	return topics
}

// probe takes, in a transaction of its own that it rolls back, the lock an
// INSERT takes on topic's table, waiting up to the lock timeout.
func (st *stalls) probe(topic string) error {
	ctx, cancel := context.WithTimeout(st.ctx, st.lockTimeout+5*time.Second)
	defer cancel()
	tx, err := st.pool.BeginTx(ctx, pgx.TxOptions{BeginQuery: fmt.Sprintf("BEGIN; SET LOCAL lock_timeout = %d", st.lockTimeout.Milliseconds())})
	if err != nil {
		return err
	}
	defer tx.Rollback(context.WithoutCancel(ctx)) //nolint:errcheck // nothing was written
	_, err = tx.Exec(ctx, "LOCK TABLE "+st.table(topic)+" IN ROW EXCLUSIVE MODE")
	return err
}

func (st *stalls) recovered(topic string) {
	st.mu.Lock()
	defer st.mu.Unlock()
	s := st.byTopic[topic]
	if s == nil || !s.stalled {
		return
	}
	s.stalled = false
	st.logger.Load().Info("tenant table writable again: tenant back in shared batches",
		"tenant", s.Tenant, "stalled_for", time.Since(s.since).Round(time.Millisecond).String(), "events_set_aside", s.aside)
}
