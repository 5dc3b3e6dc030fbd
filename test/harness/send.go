package harness

import (
	"context"
	"sync/atomic"
	"testing"

	"github.com/eventmesh/processor/internal/producer"
)

// SendAsync sends msgs to q at about rate a second (0: as fast as it goes)
// in the background, counting progress; the channel gets what was sent once
// all are. A send failure fails the test.
func SendAsync(t testing.TB, q *Queue, msgs []producer.Message, rate float64, progress *atomic.Int64) <-chan []Sent {
	ch := make(chan []Sent, 1)
	go func() {
		sent, err := q.SendPaced(context.Background(), msgs, rate, progress)
		if err != nil {
			t.Errorf("send: %v", err)
		}
		ch <- sent
	}()
	return ch
}
