package sqsqueue_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"log/slog"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/sqs"
	"github.com/aws/aws-sdk-go-v2/service/sqs/types"
	"github.com/stretchr/testify/require"

	"github.com/eventmesh/processor/internal/sqsqueue"
	"github.com/eventmesh/processor/internal/testenv"
)

func TestEnsureQueues_is_idempotent_and_sets_a_redrive_policy(t *testing.T) {
	t.Parallel()
	spec := sqsqueue.QueueSpec{MaxReceiveCount: 3, VisibilityTimeout: 7 * time.Second}
	f := setup(t, spec)
	spec.Name = f.name

	again, err := sqsqueue.EnsureQueues(t.Context(), f.client, spec)
	require.NoError(t, err)
	require.Equal(t, f.queues, again)
	require.Contains(t, f.queues.DeadLetterURL, f.name+"-dlq")

	out, err := f.client.GetQueueAttributes(t.Context(), &sqs.GetQueueAttributesInput{
		QueueUrl: &f.queues.URL, AttributeNames: []types.QueueAttributeName{types.QueueAttributeNameAll},
	})
	require.NoError(t, err)
	require.Equal(t, "7", out.Attributes["VisibilityTimeout"])
	var redrive struct {
		DeadLetterTargetArn string `json:"deadLetterTargetArn"`
		MaxReceiveCount     any    `json:"maxReceiveCount"`
	}
	require.NoError(t, json.Unmarshal([]byte(out.Attributes["RedrivePolicy"]), &redrive))
	require.Equal(t, f.queues.DeadLetterARN, redrive.DeadLetterTargetArn)
	require.EqualValues(t, "3", toString(redrive.MaxReceiveCount))

	var logs bytes.Buffer
	spec.Logger = slog.New(slog.NewTextHandler(&logs, nil))
	_, err = sqsqueue.EnsureQueues(t.Context(), f.client, spec)
	require.NoError(t, err)
	require.Empty(t, logs.String(), "queues as configured: no warning")
}

func toString(v any) string {
	b, _ := json.Marshal(v)
	var s string
	if json.Unmarshal(b, &s) == nil {
		return s
	}
	return string(b)
}

func TestEnsureQueues_dead_letter_queue_gets_the_message_after_MaxReceiveCount(t *testing.T) {
	t.Parallel()
	f := setup(t, sqsqueue.QueueSpec{MaxReceiveCount: 2})
	_, err := f.client.SendMessage(t.Context(), &sqs.SendMessageInput{QueueUrl: &f.queues.URL, MessageBody: aws.String("poison")})
	require.NoError(t, err)

	received := 0 // receives, never deleted; the emulator may answer one with two copies
	for i := 0; received < 2 && i < 10; i++ {
		received += len(f.rawReceive(f.queues.URL, 2, 1))
	}
	require.GreaterOrEqual(t, received, 2)
	var dead []types.Message
	require.Eventually(t, func() bool {
		dead = f.rawReceive(f.queues.DeadLetterURL, 1, 30)
		return len(dead) == 1
	}, 10*time.Second, 10*time.Millisecond)
	require.Equal(t, "poison", aws.ToString(dead[0].Body))
	require.Empty(t, f.rawReceive(f.queues.URL, 2, 1))
}

func TestQueueSpec_Validate(t *testing.T) {
	t.Parallel()
	valid := sqsqueue.QueueSpec{Name: "events", DeadLetterName: "events-dlq", MaxReceiveCount: 5,
		VisibilityTimeout: time.Minute, MessageRetention: time.Hour, DeadLetterRetention: time.Hour, OnMismatch: sqsqueue.KeepExisting}
	tests := []struct {
		name   string
		change func(*sqsqueue.QueueSpec)
		want   string
	}{
		{"valid", func(*sqsqueue.QueueSpec) {}, ""},
		{"empty name", func(s *sqsqueue.QueueSpec) { s.Name = "" }, "Name is \"\""},
		{"name with a dot", func(s *sqsqueue.QueueSpec) { s.Name = "a.b" }, "Name is \"a.b\""},
		{"dlq is the queue", func(s *sqsqueue.QueueSpec) { s.DeadLetterName = "events" }, "must differ from Name"},
		{"max receive count", func(s *sqsqueue.QueueSpec) { s.MaxReceiveCount = 1001 }, "MaxReceiveCount must be in [1, 1000], got 1001"},
		{"retention", func(s *sqsqueue.QueueSpec) { s.MessageRetention = time.Second }, "MessageRetention must be in [1m0s, 336h0m0s], got 1s"},
		{"refuse", func(s *sqsqueue.QueueSpec) { s.OnMismatch = sqsqueue.RefuseMismatch }, ""},
		{"unknown mismatch policy", func(s *sqsqueue.QueueSpec) { s.OnMismatch = "overwrite" }, `OnMismatch is "overwrite", must be "keep" or "refuse"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			spec := valid
			tt.change(&spec)
			err := spec.Validate()
			if tt.want == "" {
				require.NoError(t, err)
				return
			}
			require.ErrorContains(t, err, tt.want)
		})
	}
}

// operatorQueues creates, as an operator would, a dead-letter queue with
// SQS's default retention (4 days) and a main queue with a 120s visibility
// timeout, 14-day retention and a redrive to it after 3 receives; it returns
// the main queue's name and the URLs.
func operatorQueues(t *testing.T, client *sqs.Client) (name, url, dlqURL string) {
	t.Helper()
	name = testenv.UniqueName(t, "opq")
	dlq, err := client.CreateQueue(t.Context(), &sqs.CreateQueueInput{QueueName: aws.String(name + "-operators-dlq")})
	require.NoError(t, err)
	deleteQueuesAtCleanup(t, client, *dlq.QueueUrl)
	redrive, err := json.Marshal(map[string]string{"deadLetterTargetArn": queueAttributes(t, client, *dlq.QueueUrl)["QueueArn"], "maxReceiveCount": "3"})
	require.NoError(t, err)
	main, err := client.CreateQueue(t.Context(), &sqs.CreateQueueInput{QueueName: &name, Attributes: map[string]string{
		"VisibilityTimeout": "120", "MessageRetentionPeriod": "1209600", "RedrivePolicy": string(redrive),
	}})
	require.NoError(t, err)
	deleteQueuesAtCleanup(t, client, *main.QueueUrl)
	return name, *main.QueueUrl, *dlq.QueueUrl
}

func deleteQueuesAtCleanup(t *testing.T, client *sqs.Client, urls ...string) {
	t.Cleanup(func() {
		for _, url := range urls {
			_, _ = client.DeleteQueue(context.WithoutCancel(t.Context()), &sqs.DeleteQueueInput{QueueUrl: &url})
		}
	})
}

func queueAttributes(t *testing.T, client *sqs.Client, url string) map[string]string {
	t.Helper()
	out, err := client.GetQueueAttributes(t.Context(), &sqs.GetQueueAttributesInput{
		QueueUrl: &url, AttributeNames: []types.QueueAttributeName{types.QueueAttributeNameAll},
	})
	require.NoError(t, err)
	delete(out.Attributes, "ApproximateNumberOfMessages") // counts, not configuration
	delete(out.Attributes, "ApproximateNumberOfMessagesNotVisible")
	delete(out.Attributes, "ApproximateNumberOfMessagesDelayed")
	return out.Attributes
}

func queueExists(t *testing.T, client *sqs.Client, name string) bool {
	t.Helper()
	_, err := client.GetQueueUrl(t.Context(), &sqs.GetQueueUrlInput{QueueName: &name})
	var missing *types.QueueDoesNotExist
	if errors.As(err, &missing) {
		return false
	}
	require.NoError(t, err)
	return true
}

func TestEnsureQueues_existing_queue_with_other_attributes_is_kept_with_a_warning_per_attribute(t *testing.T) {
	t.Parallel()
	client := testenv.SQS(t)
	name, url, dlqURL := operatorQueues(t, client)
	before, beforeDLQ := queueAttributes(t, client, url), queueAttributes(t, client, dlqURL)
	var logs bytes.Buffer

	queues, err := sqsqueue.EnsureQueues(t.Context(), client, sqsqueue.QueueSpec{
		Name: name, MaxReceiveCount: 10, VisibilityTimeout: 30 * time.Second,
		Logger: slog.New(slog.NewTextHandler(&logs, nil)),
	})
	require.NoError(t, err)

	require.Equal(t, before, queueAttributes(t, client, url), "main queue modified")
	require.Equal(t, beforeDLQ, queueAttributes(t, client, dlqURL), "operator's dead-letter queue modified")
	require.Equal(t, url, queues.URL)
	require.Equal(t, dlqURL, queues.DeadLetterURL, "the dead-letter queue in use is the queue's own")
	require.False(t, queueExists(t, client, name+"-dlq"), "configured dead-letter queue created though unused")
	for _, want := range []string{
		"queue=" + name + " attribute=VisibilityTimeout existing=120 configured=30",
		"queue=" + name + " attribute=MessageRetentionPeriod existing=1209600 configured=345600",
		"queue=" + name + " attribute=RedrivePolicy.deadLetterTargetArn existing=" + before["QueueArn"] + "-operators-dlq",
		"queue=" + name + " attribute=RedrivePolicy.maxReceiveCount existing=3 configured=10",
		"queue=" + name + "-operators-dlq attribute=MessageRetentionPeriod existing=345600 configured=1209600",
	} {
		require.Contains(t, logs.String(), want)
	}
	require.Equal(t, 5, bytes.Count(logs.Bytes(), []byte("level=WARN")), logs.String())
}

func TestEnsureQueues_refuse_mode_names_every_differing_attribute_and_changes_nothing(t *testing.T) {
	t.Parallel()
	client := testenv.SQS(t)
	name, url, _ := operatorQueues(t, client)
	before := queueAttributes(t, client, url)

	_, err := sqsqueue.EnsureQueues(t.Context(), client, sqsqueue.QueueSpec{
		Name: name, MaxReceiveCount: 10, OnMismatch: sqsqueue.RefuseMismatch,
	})

	var mismatch *sqsqueue.QueueMismatchError
	require.ErrorAs(t, err, &mismatch)
	require.Len(t, mismatch.Mismatches, 5)
	for _, want := range []string{"VisibilityTimeout 120, configured 30", "MessageRetentionPeriod 1209600, configured 345600",
		"RedrivePolicy.deadLetterTargetArn", "RedrivePolicy.maxReceiveCount 3, configured 10"} {
		require.ErrorContains(t, err, want)
	}
	require.Equal(t, before, queueAttributes(t, client, url))
	require.False(t, queueExists(t, client, name+"-dlq"))
}

func TestEnsureQueues_creates_missing_queues_with_the_configured_retention(t *testing.T) {
	t.Parallel()
	client := testenv.SQS(t)
	name := testenv.UniqueName(t, "newq")
	dlq, err := client.CreateQueue(t.Context(), &sqs.CreateQueueInput{QueueName: aws.String(name + "-dlq"),
		Attributes: map[string]string{"MessageRetentionPeriod": "7200"}})
	require.NoError(t, err)
	deleteQueuesAtCleanup(t, client, *dlq.QueueUrl)
	var logs bytes.Buffer

	queues, err := sqsqueue.EnsureQueues(t.Context(), client, sqsqueue.QueueSpec{
		Name: name, MessageRetention: 2 * time.Hour, DeadLetterRetention: 2 * time.Hour,
		OnMismatch: sqsqueue.RefuseMismatch, Logger: slog.New(slog.NewTextHandler(&logs, nil)),
	})
	require.NoError(t, err)
	deleteQueuesAtCleanup(t, client, queues.URL)

	require.Equal(t, *dlq.QueueUrl, queues.DeadLetterURL, "the existing dead-letter queue is used")
	attrs := queueAttributes(t, client, queues.URL)
	require.Equal(t, "7200", attrs["MessageRetentionPeriod"])
	require.Contains(t, attrs["RedrivePolicy"], queues.DeadLetterARN)
	require.Empty(t, logs.String())
}
