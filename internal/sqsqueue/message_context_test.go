package sqsqueue_test

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/service/sqs"
	"github.com/aws/smithy-go/middleware"
	"github.com/stretchr/testify/require"

	"github.com/eventmesh/processor/internal/sqsqueue"
)

func TestSubscriber_message_context_ends_once_the_message_is_settled(t *testing.T) {
	t.Parallel()
	f := setup(t, sqsqueue.QueueSpec{})
	f.publish(3)
	sub := f.subscriber(sqsqueue.SubscriberConfig{MaxReceivers: 1, MaxInFlight: 3, NackVisibilityDelay: time.Minute})
	type key struct{}
	ch, err := sub.Subscribe(context.WithValue(t.Context(), key{}, "v"), f.name)
	require.NoError(t, err)
	acked, nacked, held := next(t, ch, 5*time.Second), next(t, ch, 5*time.Second), next(t, ch, 5*time.Second)

	acked.Ack()
	nacked.Nack()
	requireDone(t, acked.Context(), "after Ack")
	requireDone(t, nacked.Context(), "after Nack")
	require.NoError(t, held.Context().Err(), "an unsettled message keeps its context")
	require.Equal(t, "v", held.Context().Value(key{}), "Subscribe's values are kept")
	held.Ack()
	requireDone(t, held.Context(), "after a late Ack")
}

// requireDone waits for ctx to be cancelled, failing after 10s.
func requireDone(t *testing.T, ctx context.Context, when string) {
	t.Helper()
	select {
	case <-ctx.Done():
		require.ErrorIs(t, ctx.Err(), context.Canceled, when)
	case <-time.After(10 * time.Second):
		require.FailNow(t, "message context not cancelled "+when)
	}
}

func TestSubscriber_NackVisibilityDelay_zero_makes_a_nacked_message_visible_at_once(t *testing.T) {
	t.Parallel()
	f := setup(t, sqsqueue.QueueSpec{})
	f.publish(1)
	var sent visibilityRecorder
	sub := f.subscriber(sqsqueue.SubscriberConfig{
		MaxReceivers: 1, VisibilityTimeout: time.Minute, NackVisibilityDelay: 0, OptFns: []func(*sqs.Options){sent.Options},
	})
	ch, err := sub.Subscribe(t.Context(), f.name)
	require.NoError(t, err)
	first := next(t, ch, 5*time.Second)

	first.Nack()
	again := next(t, ch, 30*time.Second) // the visibility timeout is 1m: only the nack makes it visible
	require.Equal(t, first.UUID, again.UUID)
	require.Equal(t, []int32{0}, sent.timeouts(), "the nack's ChangeMessageVisibility")
	again.Ack()
}

// visibilityRecorder records the VisibilityTimeout of every
// ChangeMessageVisibilityBatch entry sent by the clients it is an option of.
type visibilityRecorder struct {
	mu  sync.Mutex
	got []int32
}

func (r *visibilityRecorder) Options(o *sqs.Options) {
	o.APIOptions = append(o.APIOptions, func(stack *middleware.Stack) error {
		return stack.Initialize.Add(middleware.InitializeMiddlewareFunc("visibilityRecorder", r.record), middleware.After)
	})
}

func (r *visibilityRecorder) record(ctx context.Context, in middleware.InitializeInput, next middleware.InitializeHandler) (middleware.InitializeOutput, middleware.Metadata, error) {
	if batch, ok := in.Parameters.(*sqs.ChangeMessageVisibilityBatchInput); ok {
		r.mu.Lock()
		for _, e := range batch.Entries {
			r.got = append(r.got, e.VisibilityTimeout)
		}
		r.mu.Unlock()
	}
	return next.HandleInitialize(ctx, in)
}

func (r *visibilityRecorder) timeouts() []int32 {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]int32(nil), r.got...)
}
