package deadletter_test

import (
	"context"
	"fmt"
	"math"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/sqs"
	"github.com/aws/aws-sdk-go-v2/service/sqs/types"
	"github.com/stretchr/testify/require"

	"github.com/eventmesh/processor/internal/deadletter"
	"github.com/eventmesh/processor/internal/poison"
	"github.com/eventmesh/processor/internal/sqsqueue"
	"github.com/eventmesh/processor/internal/testenv"
)

// fixture is a queue and its dead-letter queue on the emulator.
type fixture struct {
	t      *testing.T
	client *sqs.Client
	name   string
	queues sqsqueue.Queues
}

func setup(t *testing.T) *fixture {
	t.Helper()
	return setupSpec(t, sqsqueue.QueueSpec{})
}

func setupSpec(t *testing.T, spec sqsqueue.QueueSpec) *fixture {
	t.Helper()
	f := &fixture{t: t, client: testenv.SQS(t), name: testenv.UniqueName(t, "dlq")}
	spec.Name = f.name
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

// deadLetter sends body with attrs straight to the dead-letter queue and
// returns its MessageId.
func (f *fixture) deadLetter(body string, attrs map[string]types.MessageAttributeValue) string {
	f.t.Helper()
	out, err := f.client.SendMessage(f.t.Context(), &sqs.SendMessageInput{
		QueueUrl: &f.queues.DeadLetterURL, MessageBody: &body, MessageAttributes: attrs,
	})
	require.NoError(f.t, err)
	return *out.MessageId
}

// drain receives every message of url (deleting none), by body.
func (f *fixture) drain(url string) map[string]types.Message {
	f.t.Helper()
	got := map[string]types.Message{}
	for {
		out, err := f.client.ReceiveMessage(f.t.Context(), &sqs.ReceiveMessageInput{
			QueueUrl: &url, MaxNumberOfMessages: 10, WaitTimeSeconds: 1, VisibilityTimeout: 60,
			MessageAttributeNames: []string{"All"},
		})
		require.NoError(f.t, err)
		if len(out.Messages) == 0 {
			return got
		}
		for _, m := range out.Messages {
			got[*m.Body] = m
		}
	}
}

func (f *fixture) redrive(opts deadletter.Options) (deadletter.Report, error) {
	opts.Queue = f.name
	return deadletter.Redrive(f.t.Context(), f.client, opts)
}

func str(dataType, v string) types.MessageAttributeValue {
	return types.MessageAttributeValue{DataType: &dataType, StringValue: &v}
}

func TestRedrive_moves_messages_back_with_body_attributes_and_original_MessageId(t *testing.T) {
	t.Parallel()
	f := setup(t)
	typed := map[string]types.MessageAttributeValue{
		"correlation_id": str("String", "corr-1"),
		"priority":       str("Number", "7"),
		"schema":         str("String.json", `{"v":1}`),
		"blob":           {DataType: aws.String("Binary"), BinaryValue: []byte{0, 1, 2}},
	}
	legacyID := f.deadLetter(`{"legacy":true}`, typed)
	f.deadLetter(`{"replayed":true}`, map[string]types.MessageAttributeValue{poison.OriginalMessageIDKey: str("String", "first-id")})
	plainID := f.deadLetter(`{"plain":true}`, nil)

	report, err := f.redrive(deadletter.Options{})
	require.NoError(t, err)
	require.Equal(t, deadletter.Report{Queue: f.name, DeadLetterQueue: f.name + "-dlq", Waiting: 3, Moved: 3}, report)

	got := f.drain(f.queues.URL)
	require.Len(t, got, 3)
	legacy := got[`{"legacy":true}`].MessageAttributes
	for name, want := range typed {
		require.Equal(t, aws.ToString(want.DataType), aws.ToString(legacy[name].DataType), name)
		require.Equal(t, aws.ToString(want.StringValue), aws.ToString(legacy[name].StringValue), name)
		require.Equal(t, want.BinaryValue, legacy[name].BinaryValue, name)
	}
	require.Equal(t, legacyID, aws.ToString(legacy[poison.OriginalMessageIDKey].StringValue))
	require.Equal(t, "1", aws.ToString(legacy[deadletter.RedrivenKey].StringValue))
	require.Equal(t, "Number", aws.ToString(legacy[deadletter.RedrivenKey].DataType))
	require.Len(t, legacy, len(typed)+2)
	require.Equal(t, "first-id", aws.ToString(got[`{"replayed":true}`].MessageAttributes[poison.OriginalMessageIDKey].StringValue),
		"an id from an earlier replay is kept")
	require.Equal(t, plainID, aws.ToString(got[`{"plain":true}`].MessageAttributes[poison.OriginalMessageIDKey].StringValue))
	require.Empty(t, f.drain(f.queues.DeadLetterURL))

	again, err := f.redrive(deadletter.Options{})
	require.NoError(t, err)
	require.Zero(t, again.Moved, "a second run finds nothing left")
}

func TestRedrive_message_dead_lettered_by_SQS_goes_back_with_the_MessageId_it_first_had(t *testing.T) {
	t.Parallel()
	f := setupSpec(t, sqsqueue.QueueSpec{MaxReceiveCount: 1})
	sent, err := f.client.SendMessage(t.Context(), &sqs.SendMessageInput{QueueUrl: &f.queues.URL, MessageBody: aws.String("legacy")})
	require.NoError(t, err)
	out, err := f.client.ReceiveMessage(t.Context(), &sqs.ReceiveMessageInput{
		QueueUrl: &f.queues.URL, WaitTimeSeconds: 2, VisibilityTimeout: 1,
	})
	require.NoError(t, err)
	require.Len(t, out.Messages, 1) // not deleted: after 1s SQS dead-letters it
	require.Eventually(t, func() bool {
		report, err := f.redrive(deadletter.Options{})
		require.NoError(t, err)
		return report.Moved == 1
	}, 10*time.Second, 100*time.Millisecond)

	got := f.drain(f.queues.URL)["legacy"]
	require.Equal(t, *sent.MessageId, aws.ToString(got.MessageAttributes[poison.OriginalMessageIDKey].StringValue))
}

func TestRedrive_leaves_messages_another_queue_dead_lettered(t *testing.T) {
	t.Parallel()
	f := setup(t)
	other, err := sqsqueue.EnsureQueues(t.Context(), f.client, sqsqueue.QueueSpec{
		Name: f.name + "-other", DeadLetterName: f.name + "-dlq", MaxReceiveCount: 1,
	})
	require.NoError(t, err)
	t.Cleanup(func() {
		_, _ = f.client.DeleteQueue(context.WithoutCancel(t.Context()), &sqs.DeleteQueueInput{QueueUrl: &other.URL})
	})
	_, err = f.client.SendMessage(t.Context(), &sqs.SendMessageInput{QueueUrl: &other.URL, MessageBody: aws.String("theirs")})
	require.NoError(t, err)
	_, err = f.client.ReceiveMessage(t.Context(), &sqs.ReceiveMessageInput{QueueUrl: &other.URL, WaitTimeSeconds: 2, VisibilityTimeout: 1})
	require.NoError(t, err)

	require.Eventually(t, func() bool {
		report, err := f.redrive(deadletter.Options{})
		require.NoError(t, err)
		require.Zero(t, report.Moved)
		return report.Skipped == 1
	}, 10*time.Second, 100*time.Millisecond)
	require.Empty(t, f.drain(f.queues.URL))
}

func TestRedrive_dry_run_counts_and_moves_nothing(t *testing.T) {
	t.Parallel()
	f := setup(t)
	for i := range 4 {
		f.deadLetter(fmt.Sprint(i), nil)
	}

	report, err := f.redrive(deadletter.Options{DryRun: true})
	require.NoError(t, err)
	require.Equal(t, deadletter.Report{Queue: f.name, DeadLetterQueue: f.name + "-dlq", DryRun: true, Waiting: 4}, report)
	require.Len(t, f.drain(f.queues.DeadLetterURL), 4)
	require.Empty(t, f.drain(f.queues.URL))
}

func TestRedrive_Max_caps_a_run_and_the_next_run_resumes(t *testing.T) {
	t.Parallel()
	f := setup(t)
	for i := range 5 {
		f.deadLetter(fmt.Sprint(i), nil)
	}

	first, err := f.redrive(deadletter.Options{Max: 2})
	require.NoError(t, err)
	require.Equal(t, 2, first.Moved)
	second, err := f.redrive(deadletter.Options{Rate: 1000})
	require.NoError(t, err)
	require.Equal(t, 3, second.Moved)
	require.Len(t, f.drain(f.queues.URL), 5)
}

func TestRedrive_message_without_room_for_its_id_stays_in_the_dead_letter_queue(t *testing.T) {
	t.Parallel()
	f := setup(t)
	full := map[string]types.MessageAttributeValue{}
	for i := range 10 {
		full[fmt.Sprint("a", i)] = str("String", "v")
	}
	f.deadLetter("full", full)
	f.deadLetter("fine", nil)

	report, err := f.redrive(deadletter.Options{})
	require.ErrorContains(t, err, "no room for "+poison.OriginalMessageIDKey)
	require.Equal(t, 1, report.Moved)
	require.Equal(t, 1, report.Failed)
	require.Contains(t, f.drain(f.queues.URL), "fine")
}

func TestRedrive_unknown_queue_is_not_found(t *testing.T) {
	t.Parallel()
	f := setup(t)

	_, err := deadletter.Redrive(t.Context(), f.client, deadletter.Options{Queue: f.name + "-missing"})
	var missing *deadletter.QueueNotFoundError
	require.ErrorAs(t, err, &missing)
	_, err = f.redrive(deadletter.Options{DeadLetterQueue: f.name + "-nodlq"})
	require.ErrorAs(t, err, &missing)
	require.Equal(t, f.name+"-nodlq", missing.Name)
}

func TestOptions_Validate(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		opts deadletter.Options
		want string
	}{
		{"valid", deadletter.Options{Queue: "events", Rate: 1}, ""},
		{"no queue", deadletter.Options{Rate: 1}, "Queue is required"},
		{"negative max", deadletter.Options{Queue: "q", Rate: 1, Max: -1}, "Max is -1"},
		{"zero rate", deadletter.Options{Queue: "q"}, "Rate is 0"},
		{"rate too high", deadletter.Options{Queue: "q", Rate: 20000}, "Rate is 20000"},
		{"every option bad", deadletter.Options{Max: -1, Rate: math.NaN()},
			"Options.Queue is required\nOptions.Max is -1, must be >= 0 (0 for no limit)\nOptions.Rate is NaN, must be in (0, 10000] messages per second"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			err := tt.opts.Validate()
			if tt.want == "" {
				require.NoError(t, err)
				return
			}
			require.ErrorContains(t, err, tt.want)
		})
	}
}
