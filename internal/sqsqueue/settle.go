package sqsqueue

import (
	"time"

	"github.com/ThreeDotsLabs/watermill/message"
)

// outcome is how an in-flight message ends.
type outcome int

const (
	outcomeAck     outcome = iota // delete it
	outcomeNack                   // make it visible after NackVisibilityDelay (settleNack: the message's own delay)
	outcomeReturn                 // never handed out: make it visible now
	outcomeAbandon                // unsettled at close timeout: leave it to SQS
)

// await waits for the handler's verdict on d, or for the close timeout, and
// cancels the message's context once it is settled.
func (s *subscription) await(d delivery) {
	defer s.awaiting.Done()
	defer d.cancel()
	select {
	case <-d.msg.Acked():
		s.settle(d.m, outcomeAck)
	case <-d.msg.Nacked():
		s.settleNack(d)
	case <-s.abandon:
		s.settle(d.m, lateOutcome(d.msg))
	}
}

// lateOutcome prefers a verdict that raced with the close timeout.
func lateOutcome(msg *message.Message) outcome {
	select {
	case <-msg.Acked():
		return outcomeAck
	case <-msg.Nacked():
		return outcomeNack
	default:
		return outcomeAbandon
	}
}

// settleNack makes d visible again after its own delay (SetNackDelay) or
// the configured one.
func (s *subscription) settleNack(d delivery) {
	s.stats.nacked.Add(1)
	s.visibility.add(s.tracker.remove(d.m, nackDelay(d.msg, s.cfg.NackVisibilityDelay)))
	s.release()
}

// settle unregisters m, queues the SQS call its outcome needs and frees its slot.
func (s *subscription) settle(m *inflight, o outcome) {
	switch o {
	case outcomeAck:
		s.deletes.add(s.tracker.remove(m, 0))
	case outcomeNack:
		s.stats.nacked.Add(1)
		s.visibility.add(s.tracker.remove(m, s.cfg.NackVisibilityDelay))
	case outcomeReturn:
		s.stats.returned.Add(1)
		s.visibility.add(s.tracker.remove(m, 0))
	case outcomeAbandon:
		s.tracker.remove(m, 0)
	}
	s.release()
}

// release frees a slot and resizes the in-flight limit when the sizer's
// window ends.
func (s *subscription) release() {
	if limit, ok := s.sizer.settle(time.Now()); ok {
		s.slots.resize(limit)
		s.stats.setInFlightLimit(limit)
	}
	s.slots.release(1)
}
