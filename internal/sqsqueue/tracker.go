package sqsqueue

import (
	"sync"
	"time"
)

// inflight is a received message that is not settled yet.
type inflight struct {
	id        string    // SQS MessageId
	receipt   string    // latest receipt handle; guarded by tracker.mu
	received  time.Time // when the first ReceiveMessage call holding it started
	visibleAt time.Time // when SQS makes it visible again, at the latest
	expired   bool      // MaxProcessingTime reached: no longer extended
}

// tracker indexes in-flight messages by message id. It drops a second copy of
// a message that is still in flight (SQS may deliver one twice, even within one
// answer) while keeping the copy's newer receipt handle, unless the first copy
// expired (MaxProcessingTime): then the copy replaces it and is handed out
// again. It also finds the messages whose visibility must be extended.
type tracker struct {
	mu            sync.Mutex
	byID          map[string]*inflight
	visibility    time.Duration
	maxProcessing time.Duration
}

func newTracker(visibility, maxProcessing time.Duration) *tracker {
	return &tracker{byID: make(map[string]*inflight), visibility: visibility, maxProcessing: maxProcessing}
}

// add registers a message received by a call started at received. It returns
// false when the message is already in flight and not expired: the copy must
// not be handed out again, and its receipt handle replaces the older one.
func (t *tracker) add(id, receipt string, received time.Time) (*inflight, bool) {
	t.mu.Lock()
	defer t.mu.Unlock()
	if old, ok := t.byID[id]; ok && !old.expired {
		old.receipt = receipt
		old.visibleAt = received.Add(t.visibility)
		return old, false
	}
	m := &inflight{id: id, receipt: receipt, received: received, visibleAt: received.Add(t.visibility)}
	t.byID[id] = m
	return m, true
}

// remove unregisters m and returns the batch entry to settle it with.
func (t *tracker) remove(m *inflight, timeout time.Duration) entry {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.byID[m.id] == m {
		delete(t.byID, m.id)
	}
	return entry{id: m.id, receipt: m.receipt, timeout: seconds(timeout)}
}

// due returns extensions for the messages with less than half the visibility
// timeout left, and the ids of the messages that just reached MaxProcessingTime.
func (t *tracker) due(now time.Time) (extend []entry, expired []string) {
	t.mu.Lock()
	defer t.mu.Unlock()
	for _, m := range t.byID {
		if m.expired || m.visibleAt.Sub(now) > t.visibility/2 {
			continue
		}
		left := m.received.Add(t.maxProcessing).Sub(now)
		if left < time.Second {
			m.expired = true
			expired = append(expired, m.id)
			continue
		}
		timeout := min(t.visibility, left).Truncate(time.Second)
		m.visibleAt = now.Add(timeout)
		extend = append(extend, entry{id: m.id, receipt: m.receipt, timeout: seconds(timeout)})
	}
	return extend, expired
}

// len is the number of messages in flight.
func (t *tracker) len() int {
	t.mu.Lock()
	defer t.mu.Unlock()
	return len(t.byID)
}
