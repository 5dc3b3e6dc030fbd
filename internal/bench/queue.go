package bench

import (
	"context"
	"fmt"
	"strconv"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/sqs"
	"github.com/aws/aws-sdk-go-v2/service/sqs/types"
)

// A queue is drained once every message was deleted, which both pipelines
// do only after the message's row is committed. Asking the emulator for the
// queue's depth costs it a scan of every message it holds, which would slow
// the pipeline under test, more so the slower it is; so the drain is
// followed by counting the deleted entries in the proxy, and the depth is
// asked only to confirm the end, or slowly when the count stalls (an entry
// SQS refused, a redelivered copy).
const (
	countPoll = 5 * time.Millisecond
	depthPoll = 50 * time.Millisecond
	slowPoll  = time.Second
)

var depthAttributes = []types.QueueAttributeName{
	types.QueueAttributeNameApproximateNumberOfMessages,
	types.QueueAttributeNameApproximateNumberOfMessagesNotVisible,
	types.QueueAttributeNameApproximateNumberOfMessagesDelayed,
}

// Depth is the number of messages in the queue at url: visible, in flight
// and delayed. client must talk to SQS directly, not through the proxy, so
// that the polling is not counted.
func Depth(ctx context.Context, client *sqs.Client, url string) (int, error) {
	out, err := client.GetQueueAttributes(ctx, &sqs.GetQueueAttributesInput{QueueUrl: aws.String(url), AttributeNames: depthAttributes})
	if err != nil {
		return 0, fmt.Errorf("depth of queue %s: %w", url, err)
	}
	n := 0
	for _, a := range depthAttributes {
		v, _ := strconv.Atoi(out.Attributes[string(a)])
		n += v
	}
	return n, nil
}

// WaitDrained waits until deleted() reaches n and the queue is empty, and
// returns when it saw it empty. It fails after timeout, or when nothing
// changes for stall (a sign of stuck messages).
func WaitDrained(ctx context.Context, client *sqs.Client, url string, deleted func() int64, n int, timeout, stall time.Duration) (time.Time, error) {
	deadline := time.Now().Add(timeout)
	lastCount, lastDepth, lastChange, lastDepthAt := int64(-1), -1, time.Now(), time.Time{}
	for {
		now := time.Now()
		count := deleted()
		if count != lastCount {
			lastCount, lastChange = count, now
		}
		poll := depthPoll
		if count < int64(n) {
			poll = slowPoll
		}
		if now.Sub(lastDepthAt) >= poll {
			depth, err := Depth(ctx, client, url)
			if err != nil {
				return time.Time{}, err
			}
			if depth == 0 {
				return time.Now(), nil
			}
			if depth != lastDepth {
				lastDepth, lastChange = depth, now
			}
			lastDepthAt = now
		}
		switch {
		case now.After(deadline):
			return now, fmt.Errorf("queue not drained after %s: %d messages left", timeout, lastDepth)
		case now.Sub(lastChange) > stall:
			return now, fmt.Errorf("queue stuck at %d messages for %s", lastDepth, stall)
		}
		select {
		case <-ctx.Done():
			return now, ctx.Err()
		case <-time.After(countPoll):
		}
	}
}
