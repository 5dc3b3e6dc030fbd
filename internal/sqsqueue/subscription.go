package sqsqueue

import (
	"context"
	"sync"
	"time"

	"github.com/ThreeDotsLabs/watermill"
	"github.com/ThreeDotsLabs/watermill/message"
	"github.com/aws/aws-sdk-go-v2/service/sqs"
)

// finalFlushTimeout bounds the sending of the last batches when a
// subscription ends.
const finalFlushTimeout = 5 * time.Second

// subscription is one Subscribe call: its receivers, its in-flight messages
// and the batchers that settle them.
type subscription struct {
	cfg      SubscriberConfig
	client   *sqs.Client
	logger   watermill.LoggerAdapter
	stats    *counters
	queueURL string

	pacer      *pacer
	slots      *slots
	sizer      *sizer
	tracker    *tracker
	deletes    *batcher
	visibility *batcher

	receiveCtx    context.Context // cancelled when receiving must stop
	stopReceiving context.CancelFunc
	msgCtx        context.Context    // the parent of every message's context: Subscribe's values, never cancelled
	stopFlushing  context.CancelFunc // cancels batch calls still running
	abandon       chan struct{}      // closed when unsettled messages are left to SQS
	receivers     sync.WaitGroup
	awaiting      sync.WaitGroup
}

func newSubscription(s *Subscriber, queueURL string) *subscription {
	sizer := newSizer(DefaultMinInFlight, s.cfg.MaxInFlight, time.Now())
	sub := &subscription{
		cfg:      s.cfg,
		client:   s.client,
		logger:   s.logger.With(watermill.LogFields{"queue_url": queueURL}),
		stats:    &s.stats,
		queueURL: queueURL,
		pacer:    newPacer(s.cfg.MaxReceivers),
		slots:    newSlots(sizer.floor), // the limit starts at the sizer's floor
		sizer:    sizer,
		tracker:  newTracker(s.cfg.VisibilityTimeout, s.cfg.MaxProcessingTime),
		abandon:  make(chan struct{}),
	}
	buffer, workers, delay := s.cfg.MaxInFlight, s.cfg.BatchConcurrency, s.cfg.AckFlushDelay
	sub.stats.setInFlightLimit(sizer.floor)
	sub.deletes = newBatcher(buffer, workers, delay, func(ctx context.Context, es []entry) {
		sub.sendWithRetry(ctx, opDelete, es, sub.deleteBatch)
	})
	sub.visibility = newBatcher(2*buffer, workers, delay, func(ctx context.Context, es []entry) {
		sub.sendWithRetry(ctx, opVisibility, es, sub.changeVisibilityBatch)
	})
	return sub
}

// start launches the subscription and returns its output channel. done is
// called once it has fully stopped.
func (s *subscription) start(ctx context.Context, closing <-chan struct{}, done func()) <-chan *message.Message {
	detached := context.WithoutCancel(ctx)
	s.receiveCtx, s.stopReceiving = context.WithCancel(detached)
	s.msgCtx = detached
	flushCtx, stopFlushing := context.WithCancel(detached)
	s.stopFlushing = stopFlushing
	extendCtx, stopExtending := context.WithCancel(detached)

	out := make(chan *message.Message)
	s.deletes.start(flushCtx)
	s.visibility.start(flushCtx)
	extended := make(chan struct{})
	go s.extendLoop(extendCtx, extended)
	s.receivers.Add(s.cfg.MaxReceivers)
	for idx := range s.cfg.MaxReceivers {
		go s.receive(idx, out)
	}
	go func() {
		select {
		case <-ctx.Done():
		case <-closing:
		}
		s.shutdown(out, func() { stopExtending(); <-extended })
		stopFlushing()
		done()
	}()
	return out
}

// shutdown stops the receivers, closes out, waits for in-flight messages up to
// CloseTimeout, abandons the rest, stops the extender and sends the last batches.
func (s *subscription) shutdown(out chan *message.Message, stopExtender func()) {
	s.stopReceiving()
	s.receivers.Wait()
	close(out)
	s.drain()
	close(s.abandon)
	s.awaiting.Wait()
	stopExtender()
	timer := time.AfterFunc(finalFlushTimeout, s.stopFlushing)
	defer timer.Stop()
	s.deletes.close()
	s.visibility.close()
}

// drain waits until every message handed out is settled, or CloseTimeout.
// Messages still in flight then are left to SQS, which delivers them again:
// at-least-once delivery, not a failure of Close (Watermill's Pub/Sub
// contract), so they are logged and counted in Stats.Abandoned.
func (s *subscription) drain() {
	timer := time.NewTimer(s.cfg.CloseTimeout)
	defer timer.Stop()
	select {
	case <-s.slots.idleCh():
	case <-timer.C:
		n := s.slots.inUse()
		s.stats.abandoned.Add(int64(n))
		s.logger.Error("Close timeout: messages left in flight, SQS will deliver them again", nil,
			watermill.LogFields{"in_flight": n, "close_timeout": s.cfg.CloseTimeout.String()})
	}
}
