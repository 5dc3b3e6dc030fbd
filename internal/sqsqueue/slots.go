package sqsqueue

import (
	"context"
	"sync"
)

// slots bounds in-flight messages. Receivers take a whole batch of slots
// before they call ReceiveMessage and give back what they did not receive;
// every message gives its slot back when it is settled.
type slots struct {
	mu    sync.Mutex
	size  int
	batch int // slots taken per acquire: min(10, size)
	free  int
	wake  chan struct{} // signalled when free >= batch
	idle  chan struct{} // closed while free == size
}

func newSlots(size int) *slots {
	idle := make(chan struct{})
	close(idle)
	return &slots{
		size:  size,
		batch: min(maxBatch, size),
		free:  size,
		wake:  make(chan struct{}, 1),
		idle:  idle,
	}
}

// acquire waits until a whole batch of slots is free, takes it and returns
// its size, or returns ctx's error.
func (s *slots) acquire(ctx context.Context) (int, error) {
	for {
		if n, ok := s.tryAcquire(); ok {
			return n, nil
		}
		select {
		case <-s.wake:
		case <-ctx.Done():
			return 0, ctx.Err()
		}
	}
}

func (s *slots) tryAcquire() (int, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.free < s.batch {
		return 0, false
	}
	if s.free == s.size {
		s.idle = make(chan struct{})
	}
	s.free -= s.batch
	s.signal()
	return s.batch, true
}

// release gives n slots back.
func (s *slots) release(n int) {
	if n == 0 {
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.free += n
	if s.free == s.size {
		close(s.idle)
	}
	s.signal()
}

// signal wakes one waiter when a batch is free; that waiter passes the signal
// on if another batch is left. Callers hold mu.
func (s *slots) signal() {
	if s.free < s.batch {
		return
	}
	select {
	case s.wake <- struct{}{}:
	default:
	}
}

// resize makes the bound n (n ≥ 1): the slots taken stay taken, and
// receivers wait while more than n are.
func (s *slots) resize(n int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.free += n - s.size
	s.size = n
	s.batch = min(maxBatch, n)
	s.signal()
}

// idleCh is closed once every slot is free.
func (s *slots) idleCh() <-chan struct{} {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.idle
}

// inUse is the number of slots taken.
func (s *slots) inUse() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.size - s.free
}
