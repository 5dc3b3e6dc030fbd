package bench

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/sqs"
	"github.com/aws/aws-sdk-go-v2/service/sqs/types"

	"github.com/eventmesh/processor/internal/sqsqueue"
)

// deleteTimeout bounds the deletion of a phase's queues.
const deleteTimeout = 30 * time.Second

// deadLetterName is the dead-letter queue CreateQueue gives the queue name.
func deadLetterName(name string) string { return name + sqsqueue.DefaultDeadLetterNameSuffix }

// deleteQueues deletes, after a phase, its queue and dead-letter queue from
// the shared SQS of SQSEndpoint, even when ctx was cancelled; a private
// emulator is stopped instead. A failure is logged: the phase's measure
// stands.
func (r *runner) deleteQueues(ctx context.Context, phase string) {
	if r.cfg.SQSEndpoint == "" {
		return
	}
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), deleteTimeout)
	defer cancel()
	name := r.queueName(phase)
	if err := errors.Join(deleteQueue(ctx, r.sqs, name), deleteQueue(ctx, r.sqs, deadLetterName(name))); err != nil {
		r.cfg.Logger.Warn("queues of the phase left behind", "phase", phase, "error", err.Error())
	}
}

// deleteQueue deletes the queue name with the messages it holds; one that
// does not exist is no error.
func deleteQueue(ctx context.Context, client *sqs.Client, name string) error {
	var missing *types.QueueDoesNotExist
	got, err := client.GetQueueUrl(ctx, &sqs.GetQueueUrlInput{QueueName: aws.String(name)})
	if errors.As(err, &missing) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("look up queue %s: %w", name, err)
	}
	_, err = client.DeleteQueue(ctx, &sqs.DeleteQueueInput{QueueUrl: got.QueueUrl})
	if err != nil && !errors.As(err, &missing) {
		return fmt.Errorf("delete queue %s: %w", name, err)
	}
	return nil
}
