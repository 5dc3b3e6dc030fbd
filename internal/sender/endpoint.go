package sender

import (
	"errors"
	"math"
	"sync"
	"time"

	"github.com/sony/gobreaker"

	"github.com/eventmesh/processor/internal/subscription"
)

// Circuit breaker settings: it opens when at least breakerMinRequests
// requests in a breakerWindow had a failure share of breakerFailureShare or
// more, stays open breakerOpen, then lets one probe through (half-open).
const (
	breakerWindow       = time.Minute
	breakerMinRequests  = 10
	breakerFailureShare = 0.5
	breakerOpen         = 30 * time.Second
)

// endpoint is one endpoint's local state: its subscription, token bucket,
// requests in flight, pause (Retry-After) and circuit breaker. Each sender
// instance has its own; limits apply per instance.
type endpoint struct {
	key     string
	breaker *gobreaker.TwoStepCircuitBreaker

	mu          sync.Mutex
	sub         *subscription.Subscription
	tokens      float64
	refilled    time.Time
	inFlight    int
	pausedUntil time.Time
	disabled    bool
}

func newEndpoint(sub *subscription.Subscription, onState func(key string, to gobreaker.State)) *endpoint {
	e := &endpoint{key: sub.Key(), sub: sub, tokens: float64(sub.Burst), refilled: time.Now()}
	e.breaker = gobreaker.NewTwoStepCircuitBreaker(gobreaker.Settings{
		Name:        e.key,
		MaxRequests: 1,
		Interval:    breakerWindow,
		Timeout:     breakerOpen,
		ReadyToTrip: func(c gobreaker.Counts) bool {
			return c.Requests >= breakerMinRequests && float64(c.TotalFailures) >= breakerFailureShare*float64(c.Requests)
		},
		OnStateChange: func(name string, _, to gobreaker.State) { onState(name, to) },
	})
	return e
}

// subscription returns the endpoint's current subscription.
func (e *endpoint) subscription() *subscription.Subscription {
	e.mu.Lock()
	defer e.mu.Unlock()
	return e.sub
}

func (e *endpoint) update(sub *subscription.Subscription) {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.sub = sub
	e.tokens = math.Min(e.tokens, float64(sub.Burst))
}

func (e *endpoint) setDisabled(disabled bool) {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.disabled = disabled
}

func (e *endpoint) isDisabled() bool {
	e.mu.Lock()
	defer e.mu.Unlock()
	return e.disabled
}

// refill adds the tokens earned since the last refill. e.mu is held.
func (e *endpoint) refill(now time.Time) {
	elapsed := now.Sub(e.refilled).Seconds()
	if elapsed > 0 {
		e.tokens = math.Min(float64(e.sub.Burst), e.tokens+elapsed*e.sub.RateLimit)
		e.refilled = now
	}
}

// room is how many requests the endpoint can take now, at most limit,
// without taking them: its free places in flight and whole tokens, none
// while paused or while its circuit is open. A disabled endpoint has
// limit: its deliveries are claimed to be skipped.
func (e *endpoint) room(now time.Time, limit int) int {
	if e.breaker.State() == gobreaker.StateOpen {
		return 0
	}
	e.mu.Lock()
	defer e.mu.Unlock()
	if e.disabled {
		return limit
	}
	if now.Before(e.pausedUntil) {
		return 0
	}
	e.refill(now)
	return max(0, min(limit, e.sub.MaxInFlight-e.inFlight, int(e.tokens)))
}

// errDisabled is acquire's answer for a disabled endpoint.
var errDisabled = errors.New("endpoint disabled")

// acquire takes a slot for one request: a token, a place in flight and the
// breaker's permission. On success done must be called with the breaker's
// verdict when the request ends. Otherwise wait is how long to put the
// delivery back for, or err is errDisabled: checked under the lock that
// counts requests in flight, so no request follows one whose answer (410)
// disabled the endpoint.
func (e *endpoint) acquire(now time.Time) (done func(ok bool), wait time.Duration, err error) {
	e.mu.Lock()
	e.refill(now)
	switch {
	case e.disabled:
		e.mu.Unlock()
		return nil, 0, errDisabled
	case now.Before(e.pausedUntil):
		wait = e.pausedUntil.Sub(now)
	case e.inFlight >= e.sub.MaxInFlight:
		wait = 100 * time.Millisecond
	case e.tokens < 1:
		wait = time.Duration((1 - e.tokens) / e.sub.RateLimit * float64(time.Second))
	}
	if wait > 0 {
		e.mu.Unlock()
		return nil, wait, nil
	}
	e.tokens--
	e.inFlight++
	e.mu.Unlock()
	breakerDone, err := e.breaker.Allow()
	if err != nil {
		e.release()
		return nil, time.Second, nil
	}
	return func(ok bool) { breakerDone(ok); e.release() }, 0, nil
}

func (e *endpoint) release() {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.inFlight--
}

// pause holds the endpoint's deliveries until t (a Retry-After).
func (e *endpoint) pause(t time.Time) {
	e.mu.Lock()
	defer e.mu.Unlock()
	if t.After(e.pausedUntil) {
		e.pausedUntil = t
	}
}
