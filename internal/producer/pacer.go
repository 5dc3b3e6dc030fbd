package producer

import (
	"context"
	"time"
)

// maxLag is how far behind schedule a pacer may catch up by going faster
// than its rate; beyond it the missed events are forgotten, so a slow spell
// is never followed by a long burst.
const maxLag = time.Second

// pacer spaces events 1/rate apart, on a fixed schedule so that sleep
// granularity does not lower high rates.
type pacer struct {
	interval time.Duration
	next     time.Time
}

func newPacer(rate float64) *pacer {
	if rate <= 0 {
		return &pacer{}
	}
	return &pacer{interval: time.Duration(float64(time.Second) / rate)}
}

// wait blocks until the next event is due; false means ctx ended first.
func (p *pacer) wait(ctx context.Context) bool {
	if ctx.Err() != nil {
		return false
	}
	if p.interval == 0 {
		return true
	}
	if now := time.Now(); now.Sub(p.next) > maxLag {
		p.next = now
	}
	due := p.next
	p.next = p.next.Add(p.interval)
	return sleep(ctx, time.Until(due))
}
