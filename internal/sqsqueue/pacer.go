package sqsqueue

import (
	"context"
	"strconv"
	"sync"
	"time"

	"github.com/aws/aws-sdk-go-v2/service/sqs/types"
)

// pacer decides how many receivers poll at once. One always polls. A receive
// that comes back full of messages that were all already waiting when it was
// sent shows a backlog: the number of pollers doubles, up to MaxReceivers.
// Any other receive drops one poller. So a quiet queue is polled by one
// receiver that gets full batches (few requests, and no message waits for
// several half-filled long polls), and a backlog is drained by all of them.
type pacer struct {
	mu     sync.Mutex
	active int
	max    int
	grown  chan struct{} // closed when active grows
}

func newPacer(maxReceivers int) *pacer {
	return &pacer{active: 1, max: maxReceivers, grown: make(chan struct{})}
}

// wait blocks receiver idx (from 0) until it may poll, or ctx ends.
func (p *pacer) wait(ctx context.Context, idx int) error {
	for {
		p.mu.Lock()
		active, grown := p.active, p.grown
		p.mu.Unlock()
		if idx < active {
			return nil
		}
		select {
		case <-grown:
		case <-ctx.Done():
			return ctx.Err()
		}
	}
}

// observe adjusts the number of pollers after a receive.
func (p *pacer) observe(backlog bool) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if !backlog {
		p.active = max(1, p.active-1)
		return
	}
	if p.active < p.max {
		p.active = min(p.max, 2*p.active)
		close(p.grown)
		p.grown = make(chan struct{})
	}
}

// backlogged reports whether a receive sent at start came back full of
// messages sent before start (by SQS's clock). A burst that arrived just
// before the receive fills part of a batch only, and does not count.
func backlogged(msgs []types.Message, requested int, start time.Time) bool {
	if len(msgs) < requested {
		return false
	}
	startMillis := start.UnixMilli()
	waiting := 0
	for i := range msgs {
		sent, err := strconv.ParseInt(msgs[i].Attributes[string(types.MessageSystemAttributeNameSentTimestamp)], 10, 64)
		if err == nil && sent < startMillis {
			waiting++
		}
	}
	return waiting == len(msgs)
}
