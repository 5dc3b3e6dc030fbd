package metrics

import (
	"context"
	"log/slog"
	"sync"
	"time"

	"github.com/prometheus/client_golang/prometheus"
)

// CountFunc counts something in a database, within ctx.
type CountFunc func(ctx context.Context) (int, error)

const (
	backlogRefresh = 10 * time.Second
	backlogTimeout = 5 * time.Second
)

// RegisterPoisonBacklog registers a gauge of the poison records awaiting an
// operator (neither replayed nor discarded). A scrape never waits for the
// database: it reports the last count and, when that is older than 10s,
// starts one recount in the background. Until a first count succeeds, or
// when the last one failed, the gauge is -1.
func RegisterPoisonBacklog(reg prometheus.Registerer, count CountFunc, logger *slog.Logger) {
	b := &backlog{count: count, logger: logger, value: -1}
	reg.MustRegister(prometheus.NewGaugeFunc(prometheus.GaugeOpts{
		Namespace: namespace, Name: "poison_backlog",
		Help: "Poison records awaiting an operator: neither replayed nor discarded (-1 when it cannot be read). Refreshed at most every 10s.",
	}, b.read))
}

type backlog struct {
	count  CountFunc
	logger *slog.Logger

	mu        sync.Mutex
	value     float64
	countedAt time.Time
	counting  bool
}

func (b *backlog) read() float64 {
	b.mu.Lock()
	defer b.mu.Unlock()
	if !b.counting && time.Since(b.countedAt) > backlogRefresh {
		b.counting = true
		go b.recount()
	}
	return b.value
}

func (b *backlog) recount() {
	ctx, cancel := context.WithTimeout(context.Background(), backlogTimeout)
	defer cancel()
	n, err := b.count(ctx)
	b.mu.Lock()
	defer b.mu.Unlock()
	b.counting, b.countedAt, b.value = false, time.Now(), float64(n)
	if err != nil {
		b.value = -1
		b.logger.Warn("count poison backlog", "error", err.Error())
	}
}
