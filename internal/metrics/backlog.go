package metrics

import (
	"context"
	"log/slog"
	"time"

	"github.com/prometheus/client_golang/prometheus"
)

// CountFunc counts something in a database, within ctx.
type CountFunc func(ctx context.Context) (int, error)

// RegisterPoisonBacklog registers a gauge of the poison records awaiting an
// operator (neither replayed nor discarded), read with count at each scrape
// with a short timeout. A failed count is logged and reported as -1.
func RegisterPoisonBacklog(reg prometheus.Registerer, count CountFunc, logger *slog.Logger) {
	reg.MustRegister(prometheus.NewGaugeFunc(prometheus.GaugeOpts{
		Namespace: namespace, Name: "poison_backlog",
		Help: "Poison records awaiting an operator: neither replayed nor discarded (-1 when it cannot be read).",
	}, func() float64 {
		ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
		defer cancel()
		n, err := count(ctx)
		if err != nil {
			logger.Warn("count poison backlog", "error", err.Error())
			return -1
		}
		return float64(n)
	}))
}
