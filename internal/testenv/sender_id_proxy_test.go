package testenv_test

import (
	"context"
	"net/http"
	"net/url"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/sqs"
	"github.com/aws/aws-sdk-go-v2/service/sqs/types"
	"github.com/stretchr/testify/require"

	"github.com/eventmesh/processor/internal/testenv"
)

func TestSenderIDProxy_gives_each_message_the_SenderId_of_its_senders_credentials(t *testing.T) {
	t.Parallel()
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	proxy := testenv.NewSenderIDProxy(t, map[string]string{"AKIDALICE": "AIDAALICE", "AKIDBOB": "AIDABOB"})
	client := func(key string) *sqs.Client { return sqs.NewFromConfig(proxy.Config(key)) }
	queue, err := client("AKIDALICE").CreateQueue(ctx, &sqs.CreateQueueInput{QueueName: aws.String(testenv.UniqueName(t, "q"))})
	require.NoError(t, err)
	t.Cleanup(func() {
		_, _ = client("x").DeleteQueue(context.WithoutCancel(ctx), &sqs.DeleteQueueInput{QueueUrl: queue.QueueUrl})
	})

	want := map[string]string{} // body → SenderId
	for key, senderID := range map[string]string{"AKIDALICE": "AIDAALICE", "AKIDBOB": "AIDABOB", "AKIDUNMAPPED": "ABCDEFGHI1JKLMNOPQ23R"} {
		_, err := client(key).SendMessage(ctx, &sqs.SendMessageInput{QueueUrl: queue.QueueUrl, MessageBody: aws.String(key)})
		require.NoError(t, err)
		want[key] = senderID
	}
	_, err = client("AKIDBOB").SendMessageBatch(ctx, &sqs.SendMessageBatchInput{QueueUrl: queue.QueueUrl,
		Entries: []types.SendMessageBatchRequestEntry{{Id: aws.String("1"), MessageBody: aws.String("batch-of-bob")}}})
	require.NoError(t, err)
	want["batch-of-bob"] = "AIDABOB"

	got := map[string]string{}
	for len(got) < len(want) {
		out, err := client("AKIDRECEIVER").ReceiveMessage(ctx, &sqs.ReceiveMessageInput{
			QueueUrl: queue.QueueUrl, MaxNumberOfMessages: 10, WaitTimeSeconds: 1,
			//lint:ignore SA1019 the emulator answers SenderId only to AttributeNames
			AttributeNames: []types.QueueAttributeName{"SenderId"},
		})
		require.NoError(t, err)
		for _, m := range out.Messages {
			got[aws.ToString(m.Body)] = m.Attributes["SenderId"]
		}
	}
	require.Equal(t, want, got)
}

func TestSenderIDProxy_refuses_the_query_protocol(t *testing.T) {
	t.Parallel()
	proxy := testenv.NewSenderIDProxy(t, nil)
	resp, err := http.PostForm(proxy.Endpoint(), url.Values{"Action": {"ReceiveMessage"}})
	require.NoError(t, err)
	require.NoError(t, resp.Body.Close())
	require.Equal(t, http.StatusBadRequest, resp.StatusCode)
}
