package sqsqueue

import (
	"context"
	"time"

	"github.com/ThreeDotsLabs/watermill"
)

// extendLoop extends the visibility of long-running messages until ctx ends.
func (s *subscription) extendLoop(ctx context.Context, done chan<- struct{}) {
	defer close(done)
	ticker := time.NewTicker(max(s.cfg.VisibilityTimeout/4, 50*time.Millisecond))
	defer ticker.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case now := <-ticker.C:
			s.extendDue(now)
		}
	}
}

func (s *subscription) extendDue(now time.Time) {
	extend, expired := s.tracker.due(now)
	for _, id := range expired {
		s.logger.Info("Message reached MaxProcessingTime; no longer extending its visibility, SQS will deliver it again",
			watermill.LogFields{"sqs_message_id": id, "max_processing_time": s.cfg.MaxProcessingTime.String()})
	}
	s.stats.extended.Add(int64(len(extend)))
	for _, e := range extend {
		s.visibility.add(e)
	}
}
