package sender

import (
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"sync"
	"sync/atomic"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/eventmesh/processor/internal/delivery"
)

// dispatcher claims due deliveries and runs their requests, at most
// cfg.Concurrency at once. Endpoints that can take no request now are left
// out of each claim, so one endpoint's backlog never holds up another's;
// a claimed delivery its endpoint cannot take is put back, due when the
// endpoint will have room, without spending a retry.
type dispatcher struct {
	cfg       Config
	pool      *pgxpool.Pool
	client    *http.Client
	endpoints *endpoints
	metrics   *metrics
	results   chan<- delivery.Result
	logger    *slog.Logger

	slots  chan struct{}
	wake   chan struct{}
	claims atomic.Int64
	wg     sync.WaitGroup
}

// othersEvery is how often a claim looks for rows of endpoints this
// instance does not know (unsubscribed, or not yet loaded here).
const othersEvery = 5 * time.Second

// run claims and dispatches until ctx ends, then waits for the requests in
// flight (each bounded by the request timeout).
func (d *dispatcher) run(ctx context.Context) {
	defer d.wg.Wait()
	var othersAt time.Time
	for ctx.Err() == nil {
		free := cap(d.slots) - len(d.slots)
		if free == 0 {
			d.sleep(ctx, time.Second)
			continue
		}
		claimed, err := d.claim(ctx, min(free, d.cfg.ClaimBatch), &othersAt)
		if err != nil {
			if ctx.Err() == nil {
				d.logger.Error("claim deliveries failed; retrying", "error", err.Error())
				d.sleep(ctx, time.Second)
			}
			continue
		}
		for _, c := range claimed {
			d.dispatch(ctx, c)
		}
		if len(claimed) == 0 {
			d.sleep(ctx, d.cfg.PollInterval)
		}
	}
}

// claim leases up to limit deliveries of the endpoints that have room now,
// each up to its room; every othersEvery, those of unknown endpoints first.
func (d *dispatcher) claim(ctx context.Context, limit int, othersAt *time.Time) ([]delivery.Claimed, error) {
	owner := fmt.Sprintf("%s:%d", d.cfg.InstanceID, d.claims.Add(1))
	now := time.Now()
	if now.Sub(*othersAt) >= othersEvery {
		*othersAt = now
		others, err := delivery.Claim(ctx, d.pool, delivery.ClaimParams{Owner: owner, Limit: limit,
			PerEndpoint: d.cfg.ClaimPerEndpoint, Exclude: d.endpoints.keys(), Lease: d.cfg.Lease})
		if err != nil || len(others) > 0 {
			return others, err
		}
	}
	return delivery.ClaimEndpoints(ctx, d.pool, owner, d.endpoints.rooms(now, d.cfg.ClaimPerEndpoint), limit, d.cfg.Lease)
}

// sleep waits for wait, a wake-up or the end of ctx.
func (d *dispatcher) sleep(ctx context.Context, wait time.Duration) {
	t := time.NewTimer(wait)
	defer t.Stop()
	select {
	case <-ctx.Done():
	case <-d.wake:
	case <-t.C:
	}
}

func (d *dispatcher) notify() {
	select {
	case d.wake <- struct{}{}:
	default:
	}
}

// dispatch starts c's request, or puts c back.
func (d *dispatcher) dispatch(ctx context.Context, c delivery.Claimed) {
	ep, ok := d.endpoints.get(c.Tenant + "/" + c.EndpointID)
	if !ok {
		d.results <- d.unknown(c)
		return
	}
	done, wait, err := ep.acquire(time.Now())
	switch {
	case err != nil:
		r := d.putBack(c, delivery.StatusSkipped, time.Time{}, "endpoint disabled")
		r.IfDisabled = true // this view may be older than an enable
		d.results <- r
		return
	case done == nil:
		d.results <- d.putBack(c, delivery.StatusPending, time.Now().Add(wait), "")
		return
	}
	d.slots <- struct{}{}
	d.wg.Add(1)
	go func() {
		defer d.wg.Done()
		dec := d.attempt(context.WithoutCancel(ctx), ep, c)
		done(dec.breakerOK)
		<-d.slots
		d.notify()
		d.results <- dec.result
	}()
}

// unknownGrace is how long a delivery of an endpoint this instance does not
// know is put back rather than skipped: another instance may have loaded a
// subscription this one has not yet (a reload in progress).
const unknownGrace = time.Minute

// unknown is the result for a delivery of an endpoint this instance has no
// enabled subscription of: skipped once it is older than unknownGrace.
func (d *dispatcher) unknown(c delivery.Claimed) delivery.Result {
	if time.Since(c.CreatedAt) < unknownGrace {
		return d.putBack(c, delivery.StatusPending, time.Now().Add(othersEvery), "")
	}
	return d.putBack(c, delivery.StatusSkipped, time.Time{}, "endpoint not subscribed (no enabled subscription file)")
}

func (d *dispatcher) putBack(c delivery.Claimed, status delivery.Status, due time.Time, note string) delivery.Result {
	return delivery.Result{ID: c.ID, Owner: c.Owner, Tenant: c.Tenant, EndpointID: c.EndpointID, Status: status,
		NextAttemptAt: due, RetriesSpent: c.RetriesSpent, Throttles: c.Throttles, Note: note}
}

// attempt sends c and decides what follows.
func (d *dispatcher) attempt(ctx context.Context, ep *endpoint, c delivery.Claimed) decision {
	sub := ep.subscription()
	a, wait := post(ctx, d.client, sub, c, d.cfg)
	now := time.Now()
	dec := d.cfg.decide(c, a, wait, now)
	if !dec.pauseUntil.IsZero() {
		ep.pause(dec.pauseUntil)
	}
	if dec.result.DisableEndpoint != "" {
		// before the slot is released: no other request follows a 410
		d.endpoints.markDisabled(ep.key, dec.result.DisableEndpoint)
	}
	d.observe(c, a, dec, now)
	return dec
}

func (d *dispatcher) observe(c delivery.Claimed, a *delivery.Attempt, dec decision, now time.Time) {
	m := d.metrics
	m.attempts.WithLabelValues(c.Tenant, c.EndpointID, a.Outcome).Inc()
	switch {
	case dec.result.Status == delivery.StatusDelivered:
		m.delivered.WithLabelValues(c.Tenant, c.EndpointID).Inc()
		m.latency.WithLabelValues(c.Tenant, c.EndpointID).Observe(now.Sub(c.StoredAt).Seconds())
	case dec.result.Status == delivery.StatusFailed:
		m.failed.WithLabelValues(c.Tenant, c.EndpointID).Inc()
		d.logger.Warn("delivery failed", "tenant", c.Tenant, "endpoint", c.EndpointID, "webhook_id", c.WebhookID,
			"outcome", a.Outcome, "status_code", a.StatusCode, "attempts", c.Attempts+1)
	case dec.retried:
		m.retried.WithLabelValues(c.Tenant, c.EndpointID).Inc()
	}
}
