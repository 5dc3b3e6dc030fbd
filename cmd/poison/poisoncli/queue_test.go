package poisoncli_test

import (
	"context"
	"strconv"
	"testing"

	"github.com/aws/aws-sdk-go-v2/service/sqs"
	"github.com/aws/aws-sdk-go-v2/service/sqs/types"
	"github.com/stretchr/testify/require"

	"github.com/eventmesh/processor/internal/sqsqueue"
	"github.com/eventmesh/processor/internal/testenv"
)

// testQueue is a queue of the test's own on the SQS emulator, with its
// dead-letter queue (sqsqueue.EnsureQueues), both deleted when the test ends.
type testQueue struct {
	client *sqs.Client
	name   string
	sqsqueue.Queues
}

func newQueue(t *testing.T, prefix string) *testQueue {
	t.Helper()
	q := &testQueue{client: testenv.SQS(t), name: testenv.UniqueName(t, prefix)}
	var err error
	q.Queues, err = sqsqueue.EnsureQueues(t.Context(), q.client, sqsqueue.QueueSpec{Name: q.name})
	require.NoError(t, err)
	t.Cleanup(func() {
		ctx := context.WithoutCancel(t.Context())
		_, _ = q.client.DeleteQueue(ctx, &sqs.DeleteQueueInput{QueueUrl: &q.URL})
		_, _ = q.client.DeleteQueue(ctx, &sqs.DeleteQueueInput{QueueUrl: &q.DeadLetterURL})
	})
	return q
}

// waiting is the number of messages the queue holds for receivers: what the
// emulator counts once each send returned.
func (q *testQueue) waiting(t *testing.T) int {
	t.Helper()
	attr := types.QueueAttributeNameApproximateNumberOfMessages
	out, err := q.client.GetQueueAttributes(t.Context(), &sqs.GetQueueAttributesInput{
		QueueUrl: &q.URL, AttributeNames: []types.QueueAttributeName{attr},
	})
	require.NoError(t, err)
	n, err := strconv.Atoi(out.Attributes[string(attr)])
	require.NoError(t, err)
	return n
}
