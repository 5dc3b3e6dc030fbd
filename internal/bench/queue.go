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

// drainPoll is how often the queue is polled for emptiness. A queue is
// drained once every message was deleted, which both pipelines do only
// after the message's row is committed.
const drainPoll = 50 * time.Millisecond

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

// WaitDrained polls the queue until it is empty and returns when it saw it
// empty. It fails after timeout, or when the queue stops shrinking for
// stall (a sign of stuck messages).
func WaitDrained(ctx context.Context, client *sqs.Client, url string, timeout, stall time.Duration) (time.Time, error) {
	deadline := time.Now().Add(timeout)
	last, lastChange := -1, time.Now()
	for {
		n, err := Depth(ctx, client, url)
		if err != nil {
			return time.Time{}, err
		}
		now := time.Now()
		switch {
		case n == 0:
			return now, nil
		case now.After(deadline):
			return now, fmt.Errorf("queue not drained after %s: %d messages left", timeout, n)
		case n != last:
			last, lastChange = n, now
		case now.Sub(lastChange) > stall:
			return now, fmt.Errorf("queue stuck at %d messages for %s", n, stall)
		}
		select {
		case <-ctx.Done():
			return now, ctx.Err()
		case <-time.After(drainPoll):
		}
	}
}
