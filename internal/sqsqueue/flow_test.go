package sqsqueue_test

import (
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/ThreeDotsLabs/watermill/message"
	"github.com/stretchr/testify/require"

	"github.com/eventmesh/processor/internal/sqsqueue"
)

func TestSubscriber_never_hands_out_more_than_MaxInFlight(t *testing.T) {
	t.Parallel()
	f := setup(t, sqsqueue.QueueSpec{})
	const n, bound = 40, 5
	f.publish(n)
	sub := f.subscriber(sqsqueue.SubscriberConfig{MaxReceivers: 3, MaxInFlight: bound})
	ch, err := sub.Subscribe(t.Context(), f.name)
	require.NoError(t, err)

	held := make([]*message.Message, 0, bound)
	for range bound {
		held = append(held, next(t, ch, 5*time.Second))
	}
	noMessage(t, ch, 1500*time.Millisecond) // nothing beyond the bound while none is acked

	var outstanding, peak atomic.Int64
	var wg sync.WaitGroup
	ack := func(msg *message.Message) {
		peak.Store(max(peak.Load(), outstanding.Add(1)))
		wg.Go(func() {
			time.Sleep(10 * time.Millisecond)
			outstanding.Add(-1) // before Ack: the subscriber frees the slot after it
			msg.Ack()
		})
	}
	outstanding.Store(bound)
	for _, msg := range held {
		outstanding.Add(-1)
		msg.Ack()
	}
	seen := map[string]bool{}
	for range n - bound {
		msg := next(t, ch, 5*time.Second)
		seen[msg.UUID] = true
		ack(msg)
	}
	wg.Wait()
	require.LessOrEqual(t, peak.Load(), int64(bound))
	require.Len(t, seen, n-bound)
	f.requireEmpty(f.queues.URL, 3*time.Second)
}
