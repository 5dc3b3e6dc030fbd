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

// TestSubscriber_binary_watermill_uuid_is_handed_out_marked_undecodable:
// watermill-aws's unmarshaler panicked on this message in the receive
// goroutine, which took the process down.
func TestSubscriber_binary_watermill_uuid_is_handed_out_marked_undecodable(t *testing.T) {
	t.Parallel()
	f := setup(t, sqsqueue.QueueSpec{})
	out, err := f.client.SendMessage(t.Context(), &sqs.SendMessageInput{
		QueueUrl: &f.queues.URL, MessageBody: aws.String(`{"hello":"world"}`),
		MessageAttributes: map[string]types.MessageAttributeValue{
			sqsqueue.UUIDAttribute: {DataType: aws.String("Binary"), BinaryValue: []byte("not a string")},
			"origin":               {DataType: aws.String("String.app"), StringValue: aws.String("checkout")},
			"retries":              {DataType: aws.String("Number.int"), StringValue: aws.String("3")},
		},
	})
	require.NoError(t, err)
	ch, err := f.subscriber(sqsqueue.SubscriberConfig{}).Subscribe(t.Context(), f.name)
	require.NoError(t, err)

	msg := next(t, ch, 5*time.Second)
	require.ErrorContains(t, sqsqueue.Undecodable(msg), `_watermill_message_uuid has DataType "Binary"`)
	require.Equal(t, *out.MessageId, msg.UUID)
	require.Equal(t, `{"hello":"world"}`, string(msg.Payload))
	require.Equal(t, "not a string", msg.Metadata.Get(sqsqueue.UUIDAttribute))
	require.Equal(t, "checkout", msg.Metadata.Get("origin"))
	require.Equal(t, "3", msg.Metadata.Get("retries"))
	var dataTypes map[string]string
	require.NoError(t, json.Unmarshal([]byte(msg.Metadata.Get(sqsqueue.MetadataAttributeTypes)), &dataTypes))
	require.Equal(t, map[string]string{sqsqueue.UUIDAttribute: "Binary", "origin": "String.app", "retries": "Number.int"}, dataTypes)
	msg.Ack()
	f.requireEmpty(f.queues.URL, 3*time.Second)
}
