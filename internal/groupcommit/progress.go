package groupcommit

import (
	"fmt"
	"sync/atomic"
	"time"
)

// NoProgressError is CheckProgress's answer while writes wait and no
// transaction has committed for longer than Config.NoProgressAfter.
type NoProgressError struct {
	Waiting int64         // Do calls waiting
	For     time.Duration // since the last commit, or since writes started waiting
}

func (e *NoProgressError) Error() string {
	return fmt.Sprintf("no transaction committed for %s while %d writes wait", e.For.Round(time.Second), e.Waiting)
}

// progress tracks the writes waiting in Do and the last successful commit,
// both as Unix nanoseconds.
type progress struct {
	waiting    atomic.Int64
	busySince  atomic.Int64 // when waiting last went from 0 to 1
	lastCommit atomic.Int64
}

// wait counts one waiting write until the returned function is called.
func (p *progress) wait() func() {
	if p.waiting.Add(1) == 1 {
		p.busySince.Store(time.Now().UnixNano())
	}
	return func() { p.waiting.Add(-1) }
}

func (p *progress) committed() {
	p.lastCommit.Store(time.Now().UnixNano())
}

// CheckProgress returns nil unless writes are waiting and no transaction has
// committed for longer than Config.NoProgressAfter (counted from when the
// writes started waiting, if later): then a *NoProgressError. For readiness
// checks.
func (c *Committer[T]) CheckProgress() error {
	waiting := c.progress.waiting.Load()
	if waiting == 0 {
		return nil
	}
	since := max(c.progress.busySince.Load(), c.progress.lastCommit.Load())
	stuck := time.Since(time.Unix(0, since))
	if stuck <= c.cfg.NoProgressAfter {
		return nil
	}
	return &NoProgressError{Waiting: waiting, For: stuck}
}
