package sqsqueue

import (
	"context"
	"maps"
	"sync"

	awsmiddleware "github.com/aws/aws-sdk-go-v2/aws/middleware"
	"github.com/aws/aws-sdk-go-v2/service/sqs"
	"github.com/aws/smithy-go/middleware"
)

// RequestCounter counts SQS requests by operation name ("ReceiveMessage",
// "DeleteMessageBatch", ...). It counts every attempt that reaches the
// transport, SDK retries included, as SQS bills them. The zero value is
// ready; install it with sqs.NewFromConfig(cfg, counter.Options) or in
// SubscriberConfig.OptFns.
type RequestCounter struct {
	mu     sync.Mutex
	counts map[string]int64
}

// Options adds the counter to an SQS client's middleware stack.
func (c *RequestCounter) Options(o *sqs.Options) {
	o.APIOptions = append(o.APIOptions, func(stack *middleware.Stack) error {
		return stack.Finalize.Add(middleware.FinalizeMiddlewareFunc("sqsqueue.RequestCounter", c.count), middleware.After)
	})
}

func (c *RequestCounter) count(ctx context.Context, in middleware.FinalizeInput, next middleware.FinalizeHandler) (middleware.FinalizeOutput, middleware.Metadata, error) {
	c.add(awsmiddleware.GetOperationName(ctx))
	return next.HandleFinalize(ctx, in)
}

func (c *RequestCounter) add(op string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.counts == nil {
		c.counts = make(map[string]int64)
	}
	c.counts[op]++
}

// Count returns the requests of operation op.
func (c *RequestCounter) Count(op string) int64 {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.counts[op]
}

// Total returns the requests of every operation.
func (c *RequestCounter) Total() int64 {
	c.mu.Lock()
	defer c.mu.Unlock()
	var n int64
	for _, v := range c.counts {
		n += v
	}
	return n
}

// Counts returns a copy of the counts by operation.
func (c *RequestCounter) Counts() map[string]int64 {
	c.mu.Lock()
	defer c.mu.Unlock()
	return maps.Clone(c.counts)
}

// Reset sets every count to zero.
func (c *RequestCounter) Reset() {
	c.mu.Lock()
	defer c.mu.Unlock()
	clear(c.counts)
}
