// Package backpressure pauses work while a dependency is unavailable.
//
// A Gate answers "is the store available?" from a probe (a Postgres ping, in
// the processor). A transient failure makes the caller ask Check, which
// probes at once (one probe at a time, its answer shared by every caller
// waiting for it). When the probe fails the gate closes: receivers stop
// asking SQS for messages (Wait blocks), in-flight messages are held instead
// of being nacked into another receive, and a background loop probes with
// backoff until the store answers again, then opens the gate. The gate
// starts open.
package backpressure

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"sync"
	"time"
)

// ErrUnavailable is returned (wrapped with the probe's error) by Check while
// the dependency is unavailable.
var ErrUnavailable = errors.New("store unavailable")

// Gate tracks the availability of one dependency. Its zero value is not
// usable: create it with New and stop its probe loop with Close.
type Gate struct {
	cfg    Config
	ctx    context.Context
	cancel context.CancelFunc

	mu        sync.Mutex
	open      chan struct{} // closed while available
	available bool
	downSince time.Time
	probing   *probe    // the probe in progress, shared by Check callers
	answered  time.Time // when a probe last succeeded
	loop      sync.WaitGroup
}

type probe struct {
	done chan struct{}
	err  error
}

// New applies the defaults to cfg, validates it (an error names every field
// outside its limits) and returns an open gate.
func New(cfg Config) (*Gate, error) {
	cfg = cfg.withDefaults()
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	ctx, cancel := context.WithCancel(context.Background())
	open := make(chan struct{})
	close(open)
	return &Gate{cfg: cfg, ctx: ctx, cancel: cancel, open: open, available: true}, nil
}

// Available reports whether the gate is open.
func (g *Gate) Available() bool {
	g.mu.Lock()
	defer g.mu.Unlock()
	return g.available
}

// Wait returns nil at once while the gate is open, else blocks until it opens
// or ctx ends (returning ctx's error).
func (g *Gate) Wait(ctx context.Context) error {
	g.mu.Lock()
	open := g.open
	g.mu.Unlock()
	select {
	case <-open:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// Check probes the dependency now (or joins the probe in progress) and
// returns nil when it answers. Otherwise it closes the gate, starts the
// recovery loop and returns an error wrapping ErrUnavailable. While the gate
// is already closed it returns that error without probing.
func (g *Gate) Check(ctx context.Context) error {
	g.mu.Lock()
	if !g.available {
		g.mu.Unlock()
		return ErrUnavailable
	}
	if time.Since(g.answered) < g.cfg.Fresh {
		g.mu.Unlock()
		return nil
	}
	p := g.probing
	if p == nil {
		p = &probe{done: make(chan struct{})}
		g.probing = p
		g.loop.Add(1)
		go g.runProbe(p)
	}
	g.mu.Unlock()
	select {
	case <-p.done:
	case <-ctx.Done():
		return ctx.Err()
	}
	if p.err != nil {
		return fmt.Errorf("%w: %w", ErrUnavailable, p.err)
	}
	return nil
}

func (g *Gate) runProbe(p *probe) {
	defer g.loop.Done()
	p.err = g.probe()
	g.mu.Lock()
	g.probing = nil
	if p.err != nil {
		g.closeLocked(p.err)
	} else {
		g.answered = time.Now()
	}
	g.mu.Unlock()
	close(p.done)
}

func (g *Gate) probe() error {
	ctx, cancel := context.WithTimeout(g.ctx, g.cfg.ProbeTimeout)
	defer cancel()
	return g.cfg.Probe(ctx)
}

// closeLocked closes an open gate and starts the recovery loop.
func (g *Gate) closeLocked(cause error) {
	if !g.available || g.ctx.Err() != nil {
		return
	}
	g.available, g.downSince, g.open = false, time.Now(), make(chan struct{})
	g.cfg.Logger.Warn("Store unavailable: receiving paused and in-flight messages held until it answers again",
		slog.String("error", cause.Error()))
	g.notify(false)
	g.loop.Add(1)
	go g.recover()
}

// recover probes with backoff until the dependency answers or Close.
func (g *Gate) recover() {
	defer g.loop.Done()
	backoff := g.cfg.MinBackoff
	for {
		timer := time.NewTimer(backoff)
		select {
		case <-g.ctx.Done():
			timer.Stop()
			return
		case <-timer.C:
		}
		if g.probe() == nil {
			g.reopen()
			return
		}
		backoff = min(2*backoff, g.cfg.MaxBackoff)
	}
}

func (g *Gate) reopen() {
	g.mu.Lock()
	defer g.mu.Unlock()
	g.available, g.answered = true, time.Now()
	close(g.open)
	g.cfg.Logger.Info("Store available again: receiving resumed",
		slog.String("outage", time.Since(g.downSince).Round(time.Millisecond).String()))
	g.notify(true)
}

func (g *Gate) notify(available bool) {
	if g.cfg.OnChange != nil {
		g.cfg.OnChange(available)
	}
}

// Close stops the recovery loop and waits for probes in progress. A closed gate stays in the state it was
// in; Wait callers are released by their own contexts.
func (g *Gate) Close() {
	g.cancel()
	g.loop.Wait()
}
