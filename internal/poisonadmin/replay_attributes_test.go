package poisonadmin_test

import (
	"context"
	"testing"
	"time"

	"github.com/ThreeDotsLabs/watermill"
	"github.com/ThreeDotsLabs/watermill/message"
	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/sqs"
	"github.com/aws/aws-sdk-go-v2/service/sqs/types"
	"github.com/google/uuid"
	"github.com/stretchr/testify/require"

	"github.com/eventmesh/processor/internal/poison"
	"github.com/eventmesh/processor/internal/poisonadmin"
	"github.com/eventmesh/processor/internal/producerauth"
	"github.com/eventmesh/processor/internal/rejection"
	"github.com/eventmesh/processor/internal/sqsqueue"
	"github.com/eventmesh/processor/internal/testenv"
)

// TestReplay_resends_custom_typed_attributes_with_their_type: a message
// with origin (String.app), retries (Number.int) and a gzip Binary.gz
// attribute goes through the processor's SQS subscriber and the poison
// queue; its record keeps them, and the replay sends them with the same
// DataType and bytes. watermill-aws's unmarshaler dropped custom types, so
// the record lost them and the replay could not send them.
func TestReplay_resends_custom_typed_attributes_with_their_type(t *testing.T) {
	t.Parallel()
	b := setup(t)
	ctx := context.Background()
	sent := map[string]types.MessageAttributeValue{
		"origin":         {DataType: aws.String("String.app"), StringValue: aws.String("checkout")},
		"retries":        {DataType: aws.String("Number.int"), StringValue: aws.String("3")},
		"trace":          {DataType: aws.String("Binary.gz"), BinaryValue: []byte{0x1f, 0x8b, 0x08, 0x00, 0xff}},
		"correlation_id": {DataType: aws.String("String"), StringValue: aws.String("corr-typed")},
	}
	body := order(uuid.NewString(), false)
	msg := receiveThroughSubscriber(t, b, body, sent)
	require.NoError(t, sqsqueue.Undecodable(msg))
	received := msg.Metadata

	id := b.put(t, poisoned{body: body, sqsID: received[sqsqueue.MetadataMessageID], attrs: received})
	detail, err := b.admin.Show(ctx, id)
	require.NoError(t, err)
	require.Equal(t, "checkout", detail.Attributes["origin"], "the record keeps origin")
	require.Equal(t, "3", detail.Attributes["retries"], "the record keeps retries")
	require.JSONEq(t, `{"origin":"String.app","retries":"Number.int","trace":"Binary.gz"}`,
		detail.Attributes[sqsqueue.MetadataAttributeTypes], "and their data types")

	_, err = b.admin.Replay(ctx, poisonadmin.ReplayOptions{Filter: poisonadmin.Filter{IDs: []string{id}}, Rate: 1000})
	require.NoError(t, err)
	replayed := receiveRaw(t, b)
	require.Equal(t, body, aws.ToString(replayed.Body))
	for name, want := range sent {
		require.Equal(t, want, replayed.MessageAttributes[name], "attribute %s", name)
	}
	require.Equal(t, id, aws.ToString(replayed.MessageAttributes[poison.ReplayOfKey].StringValue))
	require.NotContains(t, replayed.MessageAttributes, sqsqueue.MetadataAttributeTypes)
	require.NotContains(t, replayed.MessageAttributes, sqsqueue.MetadataBinaryAttributes)
}

// TestReplay_of_a_message_with_a_binary_watermill_uuid_sends_it_decodable:
// the message is poisoned as envelope_invalid with its body and attributes;
// the replay sends the body with a String Watermill UUID (the event id) and
// the other attributes with their types, so the processor can decode it.
func TestReplay_of_a_message_with_a_binary_watermill_uuid_sends_it_decodable(t *testing.T) {
	t.Parallel()
	b := setup(t)
	ctx := context.Background()
	eventID := uuid.NewString()
	body := order(eventID, false)
	msg := receiveThroughSubscriber(t, b, body, map[string]types.MessageAttributeValue{
		sqsqueue.UUIDAttribute: {DataType: aws.String("Binary"), BinaryValue: []byte{0x1f, 0x8b, 0x00, 0xff}},
		"origin":               {DataType: aws.String("String.app"), StringValue: aws.String("checkout")},
		// signed by its producer, as every checkout-api event (issue 12)
		producerauth.SignatureAttribute: {DataType: aws.String("String"), StringValue: aws.String(b.signature(body))},
	})
	decodeErr := sqsqueue.Undecodable(msg)
	require.Error(t, decodeErr)
	rejected := &poison.Rejected{
		Body: msg.Payload, Attributes: msg.Metadata, Reason: &rejection.Error{Class: rejection.ClassEnvelope, Err: decodeErr},
		SQSMessageID: msg.Metadata.Get(sqsqueue.MetadataMessageID), ReceiveCount: "1", Handler: "store_event", SeenAt: time.Now(),
	}
	require.NoError(t, b.poison.Put(ctx, rejected))
	id := rejected.RecordUUID()
	detail, err := b.admin.Show(ctx, id)
	require.NoError(t, err)
	require.Equal(t, rejection.ClassEnvelope, detail.Class)
	require.Equal(t, body, string(detail.Body))
	require.Equal(t, "\x1f\uFFFD\uFFFD\uFFFD", detail.Attributes[sqsqueue.UUIDAttribute])
	require.Equal(t, "checkout", detail.Attributes["origin"])

	_, err = b.admin.Replay(ctx, poisonadmin.ReplayOptions{Filter: poisonadmin.Filter{IDs: []string{id}}, Rate: 1000})
	require.NoError(t, err)
	replayed := receiveRaw(t, b)
	require.Equal(t, body, aws.ToString(replayed.Body))
	require.Equal(t, types.MessageAttributeValue{DataType: aws.String("String"), StringValue: aws.String(eventID)},
		replayed.MessageAttributes[sqsqueue.UUIDAttribute])
	require.Equal(t, types.MessageAttributeValue{DataType: aws.String("String.app"), StringValue: aws.String("checkout")},
		replayed.MessageAttributes["origin"])
}

// receiveThroughSubscriber sends body with attrs to a queue of its own and
// returns the message the processor's subscriber makes of it, acked.
func receiveThroughSubscriber(t *testing.T, b *bundle, body string, attrs map[string]types.MessageAttributeValue) *message.Message {
	t.Helper()
	name, url := createQueue(t, b.sqs)
	_, err := b.sqs.SendMessage(context.Background(), &sqs.SendMessageInput{
		QueueUrl: &url, MessageBody: aws.String(body), MessageAttributes: attrs,
	})
	require.NoError(t, err)
	sub, err := sqsqueue.NewSubscriber(sqsqueue.SubscriberConfig{
		AWSConfig: testenv.SQSConfig(t), WaitTime: time.Second, CloseTimeout: 5 * time.Second,
	}, watermill.NopLogger{})
	require.NoError(t, err)
	defer func() { require.NoError(t, sub.Close()) }()
	ch, err := sub.Subscribe(t.Context(), name)
	require.NoError(t, err)
	select {
	case msg := <-ch:
		msg.Ack()
		return msg
	case <-time.After(10 * time.Second):
		require.FailNow(t, "no message through the subscriber")
		return nil
	}
}

// receiveRaw receives and deletes the one message of the test's queue, with
// its attributes as SQS holds them.
func receiveRaw(t *testing.T, b *bundle) types.Message {
	t.Helper()
	ctx := context.Background()
	out, err := b.sqs.ReceiveMessage(ctx, &sqs.ReceiveMessageInput{
		QueueUrl: aws.String(b.queueURL), MaxNumberOfMessages: 10, WaitTimeSeconds: 5,
		MessageAttributeNames: []string{"All"},
	})
	require.NoError(t, err)
	require.Len(t, out.Messages, 1)
	_, err = b.sqs.DeleteMessage(ctx, &sqs.DeleteMessageInput{QueueUrl: aws.String(b.queueURL), ReceiptHandle: out.Messages[0].ReceiptHandle})
	require.NoError(t, err)
	return out.Messages[0]
}
