package sqsqueue

import (
	"context"
	"sync"
	"time"

	"github.com/eventmesh/processor/internal/growstack"
)

// maxBatch is the most entries SQS accepts in one batch call, and the most
// messages one ReceiveMessage call returns.
const maxBatch = 10

// entry is one message in a DeleteMessageBatch or ChangeMessageVisibilityBatch call.
type entry struct {
	id      string // SQS MessageId: entries of one batch have distinct ids
	receipt string
	timeout int32 // visibility timeout in seconds; unused by deletes
}

// batcher gathers entries into batches of up to maxBatch and sends each batch
// with send on one of its workers. A batch leaves when it is full or flushDelay
// after its first entry arrived. When all workers are busy, entries pile up
// and the next batches leave full.
type batcher struct {
	in         chan entry
	batches    chan []entry
	workers    int
	flushDelay time.Duration
	send       func(context.Context, []entry)
	wg         sync.WaitGroup
}

func newBatcher(buffer, workers int, flushDelay time.Duration, send func(context.Context, []entry)) *batcher {
	return &batcher{
		in:         make(chan entry, buffer),
		batches:    make(chan []entry),
		workers:    workers,
		flushDelay: flushDelay,
		send:       send,
	}
}

// start runs the batcher and its workers; calls to send get ctx.
func (b *batcher) start(ctx context.Context) {
	b.wg.Add(1 + b.workers)
	go b.gather()
	for range b.workers {
		go b.work(ctx)
	}
}

// add queues e; it blocks while the buffer is full.
func (b *batcher) add(e entry) { b.in <- e }

// close sends what is pending and waits for every batch to be sent. No add
// may follow or run concurrently.
func (b *batcher) close() {
	close(b.in)
	b.wg.Wait()
}

func (b *batcher) gather() {
	defer b.wg.Done()
	defer close(b.batches)
	timer := time.NewTimer(time.Hour)
	timer.Stop()
	var pending []entry
	for {
		select {
		case e, ok := <-b.in:
			if !ok {
				b.dispatch(pending)
				return
			}
			pending = append(pending, e)
			if len(pending) == 1 {
				timer.Reset(b.flushDelay)
			}
			if len(pending) == maxBatch {
				timer.Stop()
				pending = b.dispatch(pending)
			}
		case <-timer.C:
			pending = b.dispatch(pending)
		}
	}
}

// dispatch hands pending to a worker and returns a fresh slice.
func (b *batcher) dispatch(pending []entry) []entry {
	if len(pending) > 0 {
		b.batches <- dedupe(pending)
	}
	return make([]entry, 0, maxBatch)
}

func (b *batcher) work(ctx context.Context) {
	defer b.wg.Done()
	for batch := range b.batches {
		growstack.Grow() // before the deep SDK call, as in receive
		b.send(ctx, batch)
	}
}

// dedupe keeps the last entry of each message id, as batch entry ids must be
// distinct and the last entry carries the newest receipt handle.
func dedupe(entries []entry) []entry {
	out := entries[:0]
	for _, e := range entries {
		if i := indexOf(out, e.id); i >= 0 {
			out[i] = e
			continue
		}
		out = append(out, e)
	}
	return out
}

func indexOf(entries []entry, id string) int {
	for i, e := range entries {
		if e.id == id {
			return i
		}
	}
	return -1
}
