package sqsqueue_test

import (
	"context"
	"fmt"
	"strconv"
	"testing"
	"time"

	"github.com/ThreeDotsLabs/watermill"
	wsqs "github.com/ThreeDotsLabs/watermill-aws/sqs"
	"github.com/ThreeDotsLabs/watermill/message"
	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/sqs"
	"github.com/aws/aws-sdk-go-v2/service/sqs/types"
	"github.com/stretchr/testify/require"

	"github.com/eventmesh/processor/internal/sqsqueue"
	"github.com/eventmesh/processor/internal/testenv"
)

// fixture is a fresh queue with its dead-letter queue on the emulator.
type fixture struct {
	t       *testing.T
	awsCfg  aws.Config // for publishing and checks
	subCfg  aws.Config // for subscribers
	client  *sqs.Client
	counter *sqsqueue.RequestCounter
	name    string
	queues  sqsqueue.Queues
}

func setup(t *testing.T, spec sqsqueue.QueueSpec) *fixture {
	t.Helper()
	awsCfg := testenv.SQSConfig(t)
	f := &fixture{t: t, awsCfg: awsCfg, subCfg: awsCfg, client: testenv.SQS(t), counter: &sqsqueue.RequestCounter{}}
	spec.Name = testenv.UniqueName(t, "sqsq")
	f.name = spec.Name
	queues, err := sqsqueue.EnsureQueues(t.Context(), f.client, spec)
	require.NoError(t, err)
	f.queues = queues
	t.Cleanup(func() {
		ctx := context.WithoutCancel(t.Context())
		_, _ = f.client.DeleteQueue(ctx, &sqs.DeleteQueueInput{QueueUrl: &queues.URL})
		_, _ = f.client.DeleteQueue(ctx, &sqs.DeleteQueueInput{QueueUrl: &queues.DeadLetterURL})
	})
	return f
}

// subscriber returns a subscriber on the emulator whose requests f.counter
// counts, with short waits unless cfg sets them; it is closed when the test ends.
func (f *fixture) subscriber(cfg sqsqueue.SubscriberConfig) *sqsqueue.Subscriber {
	f.t.Helper()
	cfg.AWSConfig = f.subCfg
	cfg.OptFns = append(cfg.OptFns, f.counter.Options)
	if cfg.WaitTime == 0 {
		cfg.WaitTime = time.Second
	}
	if cfg.CloseTimeout == 0 {
		cfg.CloseTimeout = 5 * time.Second // a failed test need not wait 30s
	}
	sub, err := sqsqueue.NewSubscriber(cfg, watermill.NopLogger{})
	require.NoError(f.t, err)
	f.t.Cleanup(func() { _ = sub.Close() })
	return sub
}

// publish sends n messages with watermill-aws's publisher and returns them.
func (f *fixture) publish(n int) []*message.Message {
	f.t.Helper()
	pub, err := wsqs.NewPublisher(wsqs.PublisherConfig{AWSConfig: f.awsCfg, DoNotCreateQueueIfNotExists: true}, watermill.NopLogger{})
	require.NoError(f.t, err)
	msgs := make([]*message.Message, n)
	for i := range msgs {
		msgs[i] = message.NewMessage(watermill.NewUUID(), fmt.Appendf(nil, `{"n":%d}`, i))
		msgs[i].Metadata.Set("correlation_id", "corr-"+strconv.Itoa(i))
	}
	require.NoError(f.t, pub.Publish(f.name, msgs...))
	return msgs
}

// next returns the next message of ch, failing after timeout.
func next(t *testing.T, ch <-chan *message.Message, timeout time.Duration) *message.Message {
	t.Helper()
	select {
	case msg, ok := <-ch:
		require.True(t, ok, "channel closed")
		return msg
	case <-time.After(timeout):
		require.FailNow(t, "no message within "+timeout.String())
		return nil
	}
}

// noMessage fails when ch yields a message within d.
func noMessage(t *testing.T, ch <-chan *message.Message, d time.Duration) {
	t.Helper()
	select {
	case msg, ok := <-ch:
		if ok {
			require.FailNow(t, "unexpected message "+msg.UUID)
		}
	case <-time.After(d):
	}
}

// queueDepth is the number of messages in url, visible or not. The emulator
// counts invisible messages in ApproximateNumberOfMessages too (real SQS
// reports them apart, in ApproximateNumberOfMessagesNotVisible).
func (f *fixture) queueDepth(url string) int {
	f.t.Helper()
	name := types.QueueAttributeNameApproximateNumberOfMessages
	out, err := f.client.GetQueueAttributes(f.t.Context(), &sqs.GetQueueAttributesInput{
		QueueUrl: &url, AttributeNames: []types.QueueAttributeName{name},
	})
	require.NoError(f.t, err)
	n, err := strconv.Atoi(out.Attributes[string(name)])
	require.NoError(f.t, err)
	return n
}

// requireEmpty waits until url holds no message.
func (f *fixture) requireEmpty(url string, timeout time.Duration) {
	f.t.Helper()
	require.Eventually(f.t, func() bool { return f.queueDepth(url) == 0 }, timeout, 20*time.Millisecond)
}

// rawReceive receives up to 10 messages from url with a plain SQS call.
func (f *fixture) rawReceive(url string, wait, visibility int32) []types.Message {
	f.t.Helper()
	out, err := f.client.ReceiveMessage(f.t.Context(), &sqs.ReceiveMessageInput{
		QueueUrl: &url, MaxNumberOfMessages: 10, WaitTimeSeconds: wait, VisibilityTimeout: visibility,
	})
	require.NoError(f.t, err)
	return out.Messages
}
