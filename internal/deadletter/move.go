package deadletter

import (
	"context"
	"fmt"
	"math"
	"strconv"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/sqs"
	"github.com/aws/aws-sdk-go-v2/service/sqs/types"
)

// System attributes a move reads.
const (
	traceHeader = types.MessageSystemAttributeNameAWSTraceHeader
	sourceQueue = types.MessageSystemAttributeNameDeadLetterQueueSourceArn
)

// moveAll moves batches until the dead-letter queue yields no message this
// run has not seen, Max messages were sent, or ctx ends.
func (r *run) moveAll(ctx context.Context) error {
	for n := r.batchSize(); n > 0; n = r.batchSize() {
		if err := r.pace(ctx, n); err != nil {
			return err
		}
		msgs, err := r.receive(ctx, n)
		if err != nil {
			return err
		}
		if msgs = r.unseen(msgs); len(msgs) == 0 {
			return nil
		}
		r.move(ctx, msgs)
	}
	return nil
}

// batchSize is how many messages the next receive asks for: up to 10, a
// second's worth at Rate, and what is left of Max.
func (r *run) batchSize() int {
	n := min(10, int(math.Ceil(r.opts.Rate)))
	if r.opts.Max > 0 {
		n = min(n, r.opts.Max-r.report.Moved-r.report.Undeleted)
	}
	return n
}

// pace waits until n more messages may go at Rate, or ctx ends.
func (r *run) pace(ctx context.Context, n int) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	timer := time.NewTimer(time.Until(r.next))
	defer timer.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-timer.C:
	}
	r.next = time.Now().Add(time.Duration(float64(n) / r.opts.Rate * float64(time.Second)))
	return nil
}

func (r *run) receive(ctx context.Context, n int) ([]types.Message, error) {
	in := &sqs.ReceiveMessageInput{
		QueueUrl:                    &r.deadLetterURL,
		MaxNumberOfMessages:         int32(n),
		WaitTimeSeconds:             waitTime,
		VisibilityTimeout:           int32(holdTime / time.Second),
		MessageAttributeNames:       []string{"All"},
		MessageSystemAttributeNames: []types.MessageSystemAttributeName{traceHeader, sourceQueue},
	}
	// Real SQS reads MessageSystemAttributeNames; the local emulator reads
	// only the older AttributeNames.
	in.AttributeNames = []types.QueueAttributeName{types.QueueAttributeName(traceHeader), types.QueueAttributeName(sourceQueue)} //lint:ignore SA1019 the emulator needs it
	out, err := r.client.ReceiveMessage(ctx, in)
	if err != nil {
		return nil, fmt.Errorf("receive from %s: %w", r.report.DeadLetterQueue, err)
	}
	return out.Messages, nil
}

// unseen drops the messages this run failed or skipped already (they came
// back after holdTime) and skips those from another source queue.
func (r *run) unseen(msgs []types.Message) []types.Message {
	var out []types.Message
	for _, m := range msgs {
		id := aws.ToString(m.MessageId)
		switch source := m.Attributes[string(sourceQueue)]; {
		case r.seen[id]:
		case source != "" && source != r.arn:
			r.report.Skipped++
			r.seen[id] = true
		default:
			out = append(out, m)
		}
	}
	return out
}

// move sends each message to the queue and then deletes those sent from the
// dead-letter queue. Sends and deletes are not cut short by ctx.
func (r *run) move(ctx context.Context, msgs []types.Message) {
	ctx = context.WithoutCancel(ctx)
	var sent []types.DeleteMessageBatchRequestEntry
	for _, m := range msgs {
		id := aws.ToString(m.MessageId)
		input, err := sendInput(r.url, m)
		if err == nil {
			_, err = r.client.SendMessage(ctx, input)
		}
		if err != nil {
			r.fail(id, err)
			continue
		}
		sent = append(sent, types.DeleteMessageBatchRequestEntry{Id: aws.String(strconv.Itoa(len(sent))), ReceiptHandle: m.ReceiptHandle})
	}
	if len(sent) > 0 {
		r.delete(ctx, sent)
	}
}

// delete deletes the sent messages from the dead-letter queue.
func (r *run) delete(ctx context.Context, sent []types.DeleteMessageBatchRequestEntry) {
	out, err := r.client.DeleteMessageBatch(ctx, &sqs.DeleteMessageBatchInput{QueueUrl: &r.deadLetterURL, Entries: sent})
	if err != nil {
		r.report.Undeleted += len(sent)
		r.firstErr = cmpErr(r.firstErr, fmt.Errorf("delete from %s: %w", r.report.DeadLetterQueue, err))
		return
	}
	r.report.Moved += len(out.Successful)
	r.report.Undeleted += len(out.Failed)
	for _, f := range out.Failed {
		r.firstErr = cmpErr(r.firstErr, fmt.Errorf("delete from %s: %s: %s", r.report.DeadLetterQueue, aws.ToString(f.Code), aws.ToString(f.Message)))
	}
}

// cmpErr is first unless it is nil.
func cmpErr(first, next error) error {
	if first != nil {
		return first
	}
	return next
}
