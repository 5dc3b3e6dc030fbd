package sqsqueue_test

import (
	"encoding/json"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/sqs"
	"github.com/aws/aws-sdk-go-v2/service/sqs/types"
	"github.com/stretchr/testify/require"

	"github.com/eventmesh/processor/internal/sqsqueue"
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
		VisibilityTimeout: time.Minute, MessageRetention: time.Hour, DeadLetterRetention: time.Hour}
	tests := []struct {
		name   string
		change func(*sqsqueue.QueueSpec)
		want   string
	}{
		{"valid", func(*sqsqueue.QueueSpec) {}, ""},
		{"empty name", func(s *sqsqueue.QueueSpec) { s.Name = "" }, "Name is \"\""},
		{"name with a dot", func(s *sqsqueue.QueueSpec) { s.Name = "a.b" }, "Name is \"a.b\""},
		{"dlq is the queue", func(s *sqsqueue.QueueSpec) { s.DeadLetterName = "events" }, "must differ from Name"},
		{"max receive count", func(s *sqsqueue.QueueSpec) { s.MaxReceiveCount = 1001 }, "MaxReceiveCount is 1001, must be between 1 and 1000"},
		{"retention", func(s *sqsqueue.QueueSpec) { s.MessageRetention = time.Second }, "MessageRetention is 1s"},
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
