package sqsqueue

import (
	"context"
	"fmt"
	"time"

	"github.com/ThreeDotsLabs/watermill"
	"github.com/ThreeDotsLabs/watermill/message"
	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/sqs"
	"github.com/aws/aws-sdk-go-v2/service/sqs/types"

	"github.com/eventmesh/processor/internal/growstack"
)

// maxReceiveErrorBackoff caps the doubling wait after failed receives.
const maxReceiveErrorBackoff = 30 * time.Second

// receiveGrace is added to the long-poll wait to bound a ReceiveMessage call.
const receiveGrace = 10 * time.Second

// delivery is a received message about to be handed out.
type delivery struct {
	msg    *message.Message
	m      *inflight
	cancel context.CancelFunc // cancels msg's own context once it is settled
}

// receive is receiver idx. It loops until the subscription stops: wait for
// its turn, take a batch of slots, receive up to that many messages, hand
// them out. Errors are logged and backed off.
func (s *subscription) receive(idx int, out chan<- *message.Message) {
	defer s.receivers.Done()
	var backoff time.Duration
	for {
		if s.pacer.wait(s.receiveCtx, idx) != nil || s.waitReceiveGate() != nil {
			return
		}
		n, err := s.slots.acquire(s.receiveCtx)
		if err != nil {
			return
		}
		// The SDK's call is deep; between calls the collector shrinks this
		// idle goroutine's stack, and growing it back inside the call
		// copied every frame (6% of the CPU in the benchmark).
		growstack.Grow()
		msgs, started, err := s.receiveMessages(n)
		s.slots.release(n - len(msgs))
		if err != nil {
			if s.receiveCtx.Err() != nil {
				return
			}
			s.stats.receiveErrors.Add(1)
			backoff = min(max(2*backoff, s.cfg.ReceiveErrorBackoff), maxReceiveErrorBackoff)
			s.logger.Error("Cannot receive SQS messages", err, watermill.LogFields{"backoff": backoff.String()})
			if !sleep(s.receiveCtx, backoff) {
				return
			}
			continue
		}
		backoff = 0
		s.pacer.observe(backlogged(msgs, n, started))
		if !s.emit(s.prepare(msgs, started), out) {
			return
		}
	}
}

// waitReceiveGate blocks while the configured ReceiveGate is closed.
func (s *subscription) waitReceiveGate() error {
	if s.cfg.ReceiveGate == nil {
		return nil
	}
	return s.cfg.ReceiveGate(s.receiveCtx)
}

func (s *subscription) receiveMessages(n int) ([]types.Message, time.Time, error) {
	s.stats.receiveCalls.Add(1)
	ctx, cancel := context.WithTimeout(s.receiveCtx, s.cfg.WaitTime+receiveGrace)
	defer cancel()
	started := time.Now()
	out, err := s.client.ReceiveMessage(ctx, s.receiveInput(n))
	if err != nil {
		return nil, started, fmt.Errorf("receive up to %d messages: %w", n, err)
	}
	s.stats.received.Add(int64(len(out.Messages)))
	if len(out.Messages) > 0 {
		s.sizer.received(time.Since(started))
	}
	return out.Messages, started, nil
}

func (s *subscription) receiveInput(n int) *sqs.ReceiveMessageInput {
	in := &sqs.ReceiveMessageInput{
		QueueUrl:                    &s.queueURL,
		MaxNumberOfMessages:         int32(n),
		WaitTimeSeconds:             seconds(s.cfg.WaitTime),
		VisibilityTimeout:           seconds(s.cfg.VisibilityTimeout),
		MessageAttributeNames:       []string{"All"},
		MessageSystemAttributeNames: systemAttributeNames,
	}
	// Real SQS reads MessageSystemAttributeNames; the local emulator reads
	// only the older AttributeNames.
	in.AttributeNames = legacyAttributeNames //lint:ignore SA1019 the emulator needs it
	return in
}

// prepare registers msgs as in flight and decodes them. Copies of messages
// already in flight are dropped; undecodable ones are handed out marked
// (Undecodable).
func (s *subscription) prepare(msgs []types.Message, started time.Time) []delivery {
	ds := make([]delivery, 0, len(msgs))
	for i := range msgs {
		raw := &msgs[i]
		m, fresh := s.tracker.add(messageID(raw), aws.ToString(raw.ReceiptHandle), started)
		if !fresh {
			s.stats.duplicates.Add(1)
			s.slots.release(1)
			continue
		}
		msg := s.toWatermill(raw)
		// Its own context: Watermill's contract cancels it once the message
		// is acked or nacked. Its parent is never cancelled, so WithCancel
		// registers nothing with it and starts no goroutine.
		ctx, cancel := context.WithCancel(s.msgCtx)
		msg.SetContext(ctx)
		ds = append(ds, delivery{msg: msg, m: m, cancel: cancel})
	}
	return ds
}

// emit hands ds out one by one. When receiving stops first, it returns the
// rest to SQS and reports false.
func (s *subscription) emit(ds []delivery, out chan<- *message.Message) bool {
	for i, d := range ds {
		select {
		case out <- d.msg:
			s.awaiting.Add(1)
			go s.await(d)
		case <-s.receiveCtx.Done():
			for _, rest := range ds[i:] {
				s.settle(rest.m, outcomeReturn)
				rest.cancel()
			}
			return false
		}
	}
	return true
}

func messageID(raw *types.Message) string {
	if raw.MessageId != nil {
		return *raw.MessageId
	}
	return aws.ToString(raw.ReceiptHandle)
}
