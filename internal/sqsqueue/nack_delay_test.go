package sqsqueue_test

import (
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/service/sqs"
	"github.com/stretchr/testify/require"

	"github.com/eventmesh/processor/internal/sqsqueue"
)

func TestSubscriber_a_message_own_nack_delay_replaces_the_configured_one(t *testing.T) {
	t.Parallel()
	f := setup(t, sqsqueue.QueueSpec{})
	f.publish(1)
	var sent visibilityRecorder
	sub := f.subscriber(sqsqueue.SubscriberConfig{
		MaxReceivers: 1, VisibilityTimeout: time.Minute, NackVisibilityDelay: 5 * time.Second,
		OptFns: []func(*sqs.Options){sent.Options},
	})
	ch, err := sub.Subscribe(t.Context(), f.name)
	require.NoError(t, err)
	msg := next(t, ch, 5*time.Second)

	sqsqueue.SetNackDelay(msg, 90*time.Second)
	msg.Nack()

	require.Eventually(t, func() bool { return len(sent.timeouts()) == 1 }, time.Minute, 10*time.Millisecond)
	require.Equal(t, []int32{90}, sent.timeouts(), "the nack's ChangeMessageVisibility")
}
