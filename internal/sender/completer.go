package sender

import (
	"context"
	"log/slog"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/eventmesh/processor/internal/delivery"
)

// Batching of results: at most completeBatch per transaction, written at
// least every completeDelay.
const (
	completeBatch = 512
	completeDelay = 5 * time.Millisecond
)

// completer writes results in batches (delivery.Complete) until results is
// closed, retrying a failed write: a result is lost only if the process
// dies, and then the lease ends and the delivery is attempted again.
type completer struct {
	pool      *pgxpool.Pool
	results   <-chan delivery.Result
	endpoints *endpoints
	metrics   *metrics
	logger    *slog.Logger
	after     time.Duration // DisableAfter
}

func (c *completer) run() {
	batch := make([]delivery.Result, 0, completeBatch)
	for r := range c.results {
		batch = append(batch[:0], r)
		timer := time.NewTimer(completeDelay)
	gather:
		for len(batch) < completeBatch {
			select {
			case r, ok := <-c.results:
				if !ok {
					break gather
				}
				batch = append(batch, r)
			case <-timer.C:
				break gather
			}
		}
		timer.Stop()
		c.write(batch)
	}
}

func (c *completer) write(batch []delivery.Result) {
	for wait := 100 * time.Millisecond; ; wait = min(2*wait, 5*time.Second) {
		disabled, err := delivery.Complete(context.Background(), c.pool, batch, c.after)
		if err == nil {
			c.disabled(disabled)
			return
		}
		c.logger.Error("recording delivery results failed; retrying", "results", len(batch), "error", err.Error())
		time.Sleep(wait)
	}
}

func (c *completer) disabled(list []delivery.Disabled) {
	for _, d := range list {
		c.endpoints.markDisabled(d.Tenant+"/"+d.EndpointID, d.Reason)
		c.metrics.disabled.WithLabelValues(d.Tenant, d.EndpointID).Inc()
		c.logger.Warn("endpoint disabled; its pending deliveries are skipped (sender endpoint enable, then recover)",
			"tenant", d.Tenant, "endpoint", d.EndpointID, "reason", d.Reason)
	}
}
