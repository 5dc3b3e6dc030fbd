package middleware

import (
	"errors"
	"strconv"
	"time"

	"github.com/ThreeDotsLabs/watermill/message"

	"github.com/eventmesh/processor/internal/sqsqueue"
)

// lasting is implemented by transient errors that a retry within the
// process cannot cure soon: store.TenantStalledError, a tenant set aside
// while its table is locked. Retry returns them at once, so the message does
// not hold an in-flight slot through a backoff, and asks SQS to deliver the
// message again only after laterDelay.
type lasting interface {
	error
	RetryInProcess() bool
}

func isLasting(err error) bool {
	var l lasting
	return errors.As(err, &l) && !l.RetryInProcess()
}

// Bounds of laterDelay.
const (
	laterBase = 5 * time.Second
	laterMax  = 5 * time.Minute
)

// laterDelay is how long a message failing with a lasting error stays
// invisible: 5s on its first receive, doubling with each receive, at most
// 5m. With SQS_MAX_RECEIVE_COUNT at its default of 10 a message is
// dead-lettered only after about 20 minutes of such failures (a lock held by
// an operator's CREATE INDEX on a large table), not after 10 Nacks of 5s.
func laterDelay(msg *message.Message) time.Duration {
	receives, err := strconv.Atoi(msg.Metadata.Get(sqsqueue.MetadataReceiveCount))
	if err != nil || receives < 1 {
		receives = 1
	}
	return min(laterBase<<min(receives-1, 20), laterMax)
}

// retryLater asks SQS to deliver msg again after laterDelay.
func retryLater(msg *message.Message) {
	sqsqueue.SetNackDelay(msg, laterDelay(msg))
}
