package sender

import (
	"math/rand/v2"
	"net/http"
	"strconv"
	"time"

	"github.com/eventmesh/processor/internal/delivery"
)

// Outcomes of an attempt (the outcome column of sender_attempts and the
// label of the attempts metric).
const (
	OutcomeDelivered = "delivered"         // 2xx
	OutcomeRejected  = "rejected"          // another status
	OutcomeThrottled = "throttled"         // 429/502/503/504 with Retry-After: no retry spent
	OutcomeGone      = "gone"              // 410: the endpoint is disabled
	OutcomeTimeout   = "timeout"           // no answer within the request timeout
	OutcomeRefused   = "refused"           // connection refused or reset
	OutcomeForbidden = "forbidden_address" // the dialled address is not allowed
	OutcomeError     = "error"             // any other transport error
)

// decision is what an attempt leads to.
type decision struct {
	result delivery.Result
	// breakerOK is what the circuit breaker counts: false for answers and
	// errors that show an unhealthy endpoint (5xx, timeouts, refusals).
	breakerOK bool
	// pauseUntil, when set, holds the endpoint's deliveries in this
	// instance until then (Retry-After).
	pauseUntil time.Time
	retried    bool
}

// decide applies the retry policy to the attempt a on claimed delivery c.
func (cfg Config) decide(c delivery.Claimed, a *delivery.Attempt, retryAfter time.Duration, now time.Time) decision {
	r := delivery.Result{ID: c.ID, Owner: c.Owner, Tenant: c.Tenant, EndpointID: c.EndpointID,
		Status: delivery.StatusPending, RetriesSpent: c.RetriesSpent, Throttles: c.Throttles, Attempt: a}
	ok, bad := true, false
	switch a.Outcome {
	case OutcomeDelivered:
		r.Status, r.EndpointOK = delivery.StatusDelivered, &ok
		return decision{result: r, breakerOK: true}
	case OutcomeGone:
		r.Status, r.DisableEndpoint = delivery.StatusFailed, "answered 410 Gone"
		return decision{result: r, breakerOK: true}
	case OutcomeThrottled:
		r.Throttles++
		r.NextAttemptAt = now.Add(retryAfter)
		r.EndpointOK = nil
		if a.StatusCode != http.StatusTooManyRequests {
			r.EndpointOK = &bad
		}
		return decision{result: r, breakerOK: a.StatusCode == http.StatusTooManyRequests, pauseUntil: r.NextAttemptAt}
	}
	r.EndpointOK = &bad
	r.RetriesSpent++
	if r.RetriesSpent >= len(cfg.Schedule) {
		r.Status = delivery.StatusFailed
	} else {
		r.NextAttemptAt = now.Add(cfg.jitter(cfg.Schedule[r.RetriesSpent]))
	}
	breakerOK := a.Outcome == OutcomeRejected && a.StatusCode < 500
	return decision{result: r, breakerOK: breakerOK, retried: r.Status == delivery.StatusPending}
}

// jitter spreads d by ±Jitter.
func (cfg Config) jitter(d time.Duration) time.Duration {
	if cfg.Jitter <= 0 || d <= 0 {
		return d
	}
	return time.Duration(float64(d) * (1 + cfg.Jitter*(2*rand.Float64()-1)))
}

// throttleStatus reports whether an answer may carry a Retry-After that
// slows the endpoint down instead of spending a retry.
func throttleStatus(code int) bool {
	switch code {
	case http.StatusTooManyRequests, http.StatusBadGateway, http.StatusServiceUnavailable, http.StatusGatewayTimeout:
		return true
	}
	return false
}

// retryAfter parses a Retry-After header (seconds or an HTTP date) and
// bounds it to [1s, limit]. ok is false without a usable header.
func retryAfter(h http.Header, now time.Time, limit time.Duration) (time.Duration, bool) {
	v := h.Get("Retry-After")
	if v == "" {
		return 0, false
	}
	var d time.Duration
	if secs, err := strconv.ParseInt(v, 10, 64); err == nil {
		d = time.Duration(min(secs, int64(limit/time.Second)+1)) * time.Second
	} else if t, err := http.ParseTime(v); err == nil {
		d = t.Sub(now)
	} else {
		return 0, false
	}
	return min(max(d, time.Second), limit), true
}
