package producer_test

import (
	"context"
	"testing"
	"time"

	"github.com/ThreeDotsLabs/watermill"
	wsqs "github.com/ThreeDotsLabs/watermill-aws/sqs"
	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/sqs"
	"github.com/aws/aws-sdk-go-v2/service/sqs/types"
	"github.com/stretchr/testify/require"

	"github.com/eventmesh/processor/internal/producer"
	"github.com/eventmesh/processor/internal/sqsqueue"
	"github.com/eventmesh/processor/internal/testenv"
)

// queue is a fresh queue on the SQS emulator and a publisher to it.
type queue struct {
	t      *testing.T
	client *sqs.Client
	name   string
	url    string
	pub    *wsqs.Publisher
}

// newQueue returns a queue name and a publisher on the emulator; the queue
// is created (as the processor does) unless create is false, and deleted
// when the test ends.
func newQueue(t *testing.T, create bool) *queue {
	t.Helper()
	pub, err := producer.NewSQSPublisher(testenv.SQSConfig(t), watermill.NopLogger{})
	require.NoError(t, err)
	q := &queue{t: t, client: testenv.SQS(t), name: testenv.UniqueName(t, "prod"), pub: pub}
	t.Cleanup(func() {
		ctx := context.WithoutCancel(t.Context())
		for _, name := range []string{q.name, q.name + sqsqueue.DefaultDeadLetterNameSuffix} {
			if out, err := q.client.GetQueueUrl(ctx, &sqs.GetQueueUrlInput{QueueName: &name}); err == nil {
				_, _ = q.client.DeleteQueue(ctx, &sqs.DeleteQueueInput{QueueUrl: out.QueueUrl})
			}
		}
	})
	if create {
		q.create()
	}
	return q
}

func (q *queue) create() {
	queues, err := sqsqueue.EnsureQueues(context.WithoutCancel(q.t.Context()), q.client, sqsqueue.QueueSpec{Name: q.name})
	require.NoError(q.t, err)
	q.url = queues.URL
}

// drain receives and deletes n messages, failing the test if they do not
// all arrive within a minute.
func (q *queue) drain(n int) []types.Message {
	q.t.Helper()
	var got []types.Message
	deadline := time.Now().Add(time.Minute)
	for len(got) < n && time.Now().Before(deadline) {
		out, err := q.client.ReceiveMessage(q.t.Context(), &sqs.ReceiveMessageInput{
			QueueUrl: &q.url, MaxNumberOfMessages: 10, WaitTimeSeconds: 1,
			MessageAttributeNames: []string{"All"}, VisibilityTimeout: 60,
		})
		require.NoError(q.t, err)
		for _, m := range out.Messages {
			got = append(got, m)
			_, err := q.client.DeleteMessage(q.t.Context(), &sqs.DeleteMessageInput{QueueUrl: &q.url, ReceiptHandle: m.ReceiptHandle})
			require.NoError(q.t, err)
		}
	}
	require.Len(q.t, got, n, "messages in the queue")
	return got
}

func attr(m types.Message, name string) string {
	return aws.ToString(m.MessageAttributes[name].StringValue)
}
