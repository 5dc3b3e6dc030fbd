package deadletter

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"time"

	"github.com/aws/aws-sdk-go-v2/service/sqs"
	"github.com/aws/aws-sdk-go-v2/service/sqs/types"

	"github.com/eventmesh/processor/internal/sqsqueue"
)

// run is one Redrive: the two queues, the pacing and the counts.
type run struct {
	client                  *sqs.Client
	opts                    Options
	url, arn, deadLetterURL string
	report                  Report
	seen                    map[string]bool // MessageIds that failed or were skipped
	firstErr                error
	next                    time.Time // when the next message may be moved
}

// newRun finds both queues: the dead-letter queue is opts.DeadLetterQueue or
// the one of the queue's redrive policy.
func newRun(ctx context.Context, client *sqs.Client, opts Options) (*run, error) {
	r := &run{client: client, opts: opts, seen: map[string]bool{}}
	var attrs map[string]string
	var err error
	if r.url, attrs, err = r.queue(ctx, opts.Queue, types.QueueAttributeNameAll); err != nil {
		return nil, err
	}
	r.arn = attrs[string(types.QueueAttributeNameQueueArn)]
	dlq := opts.DeadLetterQueue
	if dlq == "" {
		if dlq = sqsqueue.QueueNameOfARN(sqsqueue.DeadLetterTarget(attrs)); dlq == "" {
			return nil, fmt.Errorf("queue %s: %w", opts.Queue, ErrNoRedrivePolicy)
		}
	}
	if dlq == opts.Queue {
		return nil, fmt.Errorf("the dead-letter queue is the queue itself (%s)", dlq)
	}
	r.report = Report{Queue: opts.Queue, DeadLetterQueue: dlq, DryRun: opts.DryRun}
	r.deadLetterURL, _, err = r.queue(ctx, dlq, types.QueueAttributeNameQueueArn)
	return r, err
}

// queue returns the URL of the queue name and the attribute asked for.
func (r *run) queue(ctx context.Context, name string, attr types.QueueAttributeName) (string, map[string]string, error) {
	got, err := r.client.GetQueueUrl(ctx, &sqs.GetQueueUrlInput{QueueName: &name})
	var missing *types.QueueDoesNotExist
	if errors.As(err, &missing) {
		return "", nil, &QueueNotFoundError{Name: name}
	}
	if err != nil {
		return "", nil, fmt.Errorf("look up queue %s: %w", name, err)
	}
	out, err := r.client.GetQueueAttributes(ctx, &sqs.GetQueueAttributesInput{
		QueueUrl: got.QueueUrl, AttributeNames: []types.QueueAttributeName{attr},
	})
	if err != nil {
		return "", nil, fmt.Errorf("get attributes of queue %s: %w", name, err)
	}
	return *got.QueueUrl, out.Attributes, nil
}

// count fills in the dead-letter queue's approximate counts.
func (r *run) count(ctx context.Context) error {
	out, err := r.client.GetQueueAttributes(ctx, &sqs.GetQueueAttributesInput{
		QueueUrl: &r.deadLetterURL,
		AttributeNames: []types.QueueAttributeName{
			types.QueueAttributeNameApproximateNumberOfMessages,
			types.QueueAttributeNameApproximateNumberOfMessagesNotVisible,
		},
	})
	if err != nil {
		return fmt.Errorf("count messages of queue %s: %w", r.report.DeadLetterQueue, err)
	}
	r.report.Waiting, _ = strconv.Atoi(out.Attributes[string(types.QueueAttributeNameApproximateNumberOfMessages)])
	r.report.InFlight, _ = strconv.Atoi(out.Attributes[string(types.QueueAttributeNameApproximateNumberOfMessagesNotVisible)])
	return nil
}

// fail counts a message that could not be sent and keeps the first error.
func (r *run) fail(id string, err error) {
	r.report.Failed++
	r.seen[id] = true
	if r.firstErr == nil {
		r.firstErr = fmt.Errorf("message %s: %w", id, err)
	}
}

// failure is the error of a run where messages failed, nil when none did.
func (r *run) failure() error {
	if r.report.Failed == 0 && r.report.Undeleted == 0 {
		return nil
	}
	return fmt.Errorf("%d messages not sent and %d sent but not deleted from %s (run again to retry them; the first error: %w)",
		r.report.Failed, r.report.Undeleted, r.report.DeadLetterQueue, r.firstErr)
}
