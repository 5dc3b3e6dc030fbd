package sqsqueue_test

import (
	"context"
	"testing"
	"time"

	"github.com/ThreeDotsLabs/watermill"
	wsqs "github.com/ThreeDotsLabs/watermill-aws/sqs"
	"github.com/ThreeDotsLabs/watermill/message"
	"github.com/ThreeDotsLabs/watermill/pubsub/tests"
	"github.com/aws/aws-sdk-go-v2/service/sqs"
	"github.com/stretchr/testify/require"

	"github.com/eventmesh/processor/internal/sqsqueue"
	"github.com/eventmesh/processor/internal/testenv"
)

// TestSubscriber_passes_watermills_universal_pubsub_suite runs Watermill's
// tests.TestPubSub against the emulator: watermill-aws's publisher, this
// package's subscriber.
func TestSubscriber_passes_watermills_universal_pubsub_suite(t *testing.T) {
	t.Parallel()
	features := tests.Features{
		// A queue has competing consumers, no groups that each get every
		// message (that would take SNS fan-out to one queue per group).
		ConsumerGroups: false,
		// SQS delivers at least once: a message can come again after its
		// visibility timeout, or twice within one receive.
		ExactlyOnceDelivery: false,
		// A standard queue does not keep order, and up to MaxReceivers
		// receivers hand messages out concurrently, even with one subscriber.
		GuaranteedOrder:                     false,
		GuaranteedOrderWithSingleSubscriber: false,
		// Messages stay in the queue until deleted, whoever subscribes later.
		Persistent: true,
		// Restarting the shared emulator would break the other packages'
		// tests running against it, so TestReconnect is skipped.
		RestartServiceCommand: nil,
		// Subscribers on other instances share the queue.
		RequireSingleInstance: false,
		// An acked message is deleted: a new subscriber does not see it.
		NewSubscriberReceivesOldMessages: false,
		// The short sizes (100 messages instead of up to 10,000, published
		// one request each) keep the suite to seconds on a loaded 2-core
		// machine; every test still runs. watermill-aws sets it too.
		ForceShort: true,
		// SQS carries metadata, not the publisher's context.Context.
		ContextPreserved: false,
	}
	tests.TestPubSub(t, features, newPubSub, nil)
}

// newPubSub returns watermill-aws's publisher and this package's subscriber,
// with short timings so that redeliveries and closes happen within the
// suite's timeouts.
func newPubSub(t *testing.T) (message.Publisher, message.Subscriber) {
	awsCfg := testenv.SQSConfig(t)
	pub, err := wsqs.NewPublisher(wsqs.PublisherConfig{AWSConfig: awsCfg, DoNotCreateQueueIfNotExists: true}, watermill.NopLogger{})
	require.NoError(t, err)
	sub, err := sqsqueue.NewSubscriber(sqsqueue.SubscriberConfig{
		AWSConfig: awsCfg,
		WaitTime:  time.Second,
		// A message an emulator's abandoned long poll took comes back soon.
		VisibilityTimeout: 2 * time.Second,
		// The suite's nacked messages must come back within its timeouts.
		NackVisibilityDelay: 0,
		// TestMessageCtx closes with a message never acked.
		CloseTimeout: time.Second,
	}, watermill.NopLogger{})
	require.NoError(t, err)
	return pub, queueCreator{Subscriber: sub, t: t}
}

// queueCreator creates the queues the suite subscribes to, as the processor
// does with EnsureQueues at start-up; the suite calls SubscribeInitialize
// before it publishes.
type queueCreator struct {
	*sqsqueue.Subscriber
	t *testing.T
}

var _ message.SubscribeInitializer = queueCreator{}

func (q queueCreator) SubscribeInitialize(topic string) error {
	client := testenv.SQS(q.t)
	queues, err := sqsqueue.EnsureQueues(q.t.Context(), client, sqsqueue.QueueSpec{Name: topic})
	if err != nil {
		return err
	}
	q.t.Cleanup(func() {
		ctx := context.WithoutCancel(q.t.Context())
		_, _ = client.DeleteQueue(ctx, &sqs.DeleteQueueInput{QueueUrl: &queues.URL})
		_, _ = client.DeleteQueue(ctx, &sqs.DeleteQueueInput{QueueUrl: &queues.DeadLetterURL})
	})
	return nil
}
