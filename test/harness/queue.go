package harness

import (
	"context"
	"fmt"
	"strconv"
	"sync/atomic"
	"testing"
	"time"

	wsqs "github.com/ThreeDotsLabs/watermill-aws/sqs"
	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/sqs"
	"github.com/aws/aws-sdk-go-v2/service/sqs/types"

	"github.com/eventmesh/processor/internal/producer"
	"github.com/eventmesh/processor/internal/sqsqueue"
	"github.com/eventmesh/processor/internal/testenv"
)

// Queue is a test's own SQS queue and its dead-letter queue on the emulator.
type Queue struct {
	Name   string
	Client *sqs.Client
	sqsqueue.Queues
}

// NewQueue creates a queue unique to the test, with a redrive policy to its
// dead-letter queue after maxReceiveCount receives, as the processor does at
// start-up. The processor finds the queues there and never changes them (a
// difference from its configuration is only logged), so give the processor
// the same SQS_MAX_RECEIVE_COUNT (Env sets 50).
func NewQueue(t testing.TB, maxReceiveCount int, visibility time.Duration) *Queue {
	t.Helper()
	client := testenv.SQS(t)
	name := testenv.UniqueName(t, "q")
	queues, err := sqsqueue.EnsureQueues(context.Background(), client, sqsqueue.QueueSpec{
		Name: name, MaxReceiveCount: maxReceiveCount, VisibilityTimeout: visibility,
	})
	if err != nil {
		t.Fatalf("create queue %s: %v", name, err)
	}
	return &Queue{Name: name, Client: client, Queues: queues}
}

// Sent is a message SQS accepted, with the MessageId SQS gave it (the event
// id of bodies in the legacy format).
type Sent struct {
	producer.Message
	SQSMessageID string
}

// Send sends msgs in SendMessageBatch calls of ten, retrying entries that
// failed, and returns them with their SQS message ids, in order.
func (q *Queue) Send(ctx context.Context, msgs []producer.Message) ([]Sent, error) {
	out := make([]Sent, 0, len(msgs))
	for start := 0; start < len(msgs); start += 10 {
		batch := msgs[start:min(start+10, len(msgs))]
		ids, err := q.sendBatch(ctx, batch)
		if err != nil {
			return out, err
		}
		for i, m := range batch {
			out = append(out, Sent{Message: m, SQSMessageID: ids[i]})
		}
	}
	return out, nil
}

func (q *Queue) sendBatch(ctx context.Context, batch []producer.Message) ([]string, error) {
	ids := make([]string, len(batch))
	pending := make(map[int]bool, len(batch))
	for i := range batch {
		pending[i] = true
	}
	for attempt := 0; len(pending) > 0; attempt++ {
		if attempt == 20 {
			return nil, fmt.Errorf("send batch: %d entries still failing after %d attempts", len(pending), attempt)
		}
		entries, err := batchEntries(batch, pending)
		if err != nil {
			return nil, err
		}
		res, err := q.Client.SendMessageBatch(ctx, &sqs.SendMessageBatchInput{QueueUrl: &q.URL, Entries: entries})
		if err != nil {
			if ctx.Err() != nil {
				return nil, err
			}
			time.Sleep(100 * time.Millisecond)
			continue
		}
		for _, ok := range res.Successful {
			i, _ := strconv.Atoi(aws.ToString(ok.Id))
			ids[i] = aws.ToString(ok.MessageId)
			delete(pending, i)
		}
		for _, f := range res.Failed {
			if f.SenderFault {
				return nil, fmt.Errorf("SQS refused entry %s: %s %s", aws.ToString(f.Id), aws.ToString(f.Code), aws.ToString(f.Message))
			}
		}
	}
	return ids, nil
}

func batchEntries(batch []producer.Message, pending map[int]bool) ([]types.SendMessageBatchRequestEntry, error) {
	var entries []types.SendMessageBatchRequestEntry
	for i, m := range batch {
		if !pending[i] {
			continue
		}
		raw, err := wsqs.DefaultMarshalerUnmarshaler{}.Marshal(m.Watermill())
		if err != nil {
			return nil, err
		}
		entries = append(entries, types.SendMessageBatchRequestEntry{
			Id: aws.String(strconv.Itoa(i)), MessageBody: raw.Body, MessageAttributes: raw.MessageAttributes,
		})
	}
	return entries, nil
}

// SendPaced sends msgs at about rate messages a second (0: as fast as it
// goes) in batches of ten, counting progress in sent.
func (q *Queue) SendPaced(ctx context.Context, msgs []producer.Message, rate float64, sent *atomic.Int64) ([]Sent, error) {
	out := make([]Sent, 0, len(msgs))
	start := time.Now()
	for i := 0; i < len(msgs); i += 10 {
		if rate > 0 {
			due := start.Add(time.Duration(float64(i) / rate * float64(time.Second)))
			if wait := time.Until(due); wait > 0 {
				select {
				case <-time.After(wait):
				case <-ctx.Done():
					return out, ctx.Err()
				}
			}
		}
		batch, err := q.Send(ctx, msgs[i:min(i+10, len(msgs))])
		out = append(out, batch...)
		sent.Add(int64(len(batch)))
		if err != nil {
			return out, err
		}
	}
	return out, nil
}

// Depth is the number of messages in the queue at url, visible or in flight.
func (q *Queue) Depth(ctx context.Context, url string) (int, error) {
	out, err := q.Client.GetQueueAttributes(ctx, &sqs.GetQueueAttributesInput{
		QueueUrl: &url,
		AttributeNames: []types.QueueAttributeName{
			types.QueueAttributeNameApproximateNumberOfMessages,
			types.QueueAttributeNameApproximateNumberOfMessagesNotVisible,
			types.QueueAttributeNameApproximateNumberOfMessagesDelayed,
		},
	})
	if err != nil {
		return 0, err
	}
	total := 0
	for _, v := range out.Attributes {
		n, _ := strconv.Atoi(v)
		total += n
	}
	return total, nil
}

// DrainDLQ receives every message of the dead-letter queue, deleting none:
// visibility is set long enough that each is returned once.
func (q *Queue) DrainDLQ(ctx context.Context) ([]types.Message, error) {
	var all []types.Message
	for {
		out, err := q.Client.ReceiveMessage(ctx, &sqs.ReceiveMessageInput{
			QueueUrl: &q.DeadLetterURL, MaxNumberOfMessages: 10, VisibilityTimeout: 600,
			MessageAttributeNames: []string{"All"}, WaitTimeSeconds: 0,
		})
		if err != nil {
			return all, err
		}
		if len(out.Messages) == 0 {
			return all, nil
		}
		all = append(all, out.Messages...)
	}
}
