//go:build unix

package sqsqueue_test

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"sync"
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

// BenchmarkSteadyLatency sends 500 messages/s for 5s and measures the time
// from SendMessageBatch to a no-op handler (p50, p99), with this package's
// subscriber and with watermill-aws's under 32 handlers. Run it by hand:
//
//	go test -run '^$' -bench SteadyLatency -benchtime 1x ./internal/sqsqueue/
func BenchmarkSteadyLatency(b *testing.B) {
	subscribers := []struct {
		name     string
		handlers int
		new      func(aws.Config, []func(*sqs.Options)) (message.Subscriber, error)
	}{
		{"sqsqueue", 1, func(cfg aws.Config, opts []func(*sqs.Options)) (message.Subscriber, error) {
			return sqsqueue.NewSubscriber(sqsqueue.SubscriberConfig{AWSConfig: cfg, OptFns: opts}, nil)
		}},
		{"watermill-aws-32", 32, func(cfg aws.Config, opts []func(*sqs.Options)) (message.Subscriber, error) {
			return wsqs.NewSubscriber(wsqs.SubscriberConfig{AWSConfig: cfg, OptFns: opts, DoNotCreateQueueIfNotExists: true}, nil)
		}},
	}
	for _, s := range subscribers {
		b.Run(s.name, func(b *testing.B) {
			awsCfg, client := testenv.SQSConfig(b), testenv.SQS(b)
			name := testenv.UniqueName(b, "steady")
			queues, err := sqsqueue.EnsureQueues(b.Context(), client, sqsqueue.QueueSpec{Name: name})
			require.NoError(b, err)
			var counter sqsqueue.RequestCounter
			sub, err := s.new(awsCfg, []func(*sqs.Options){counter.Options})
			require.NoError(b, err)
			const rate, seconds = 500, 5
			latencies := consumeWhileSending(b, sub, s.handlers, name, func() { send(b, client, queues.URL, rate, seconds) }, rate*seconds)
			slices.Sort(latencies)
			b.ReportMetric(float64(latencies[len(latencies)/2].Microseconds())/1000, "p50-ms")
			b.ReportMetric(float64(latencies[len(latencies)*99/100].Microseconds())/1000, "p99-ms")
			b.ReportMetric(float64(counter.Total())/float64(len(latencies)), "req/msg")
			b.ReportMetric(0, "ns/op")
			for _, url := range []string{queues.URL, queues.DeadLetterURL} {
				_, _ = client.DeleteQueue(context.WithoutCancel(b.Context()), &sqs.DeleteQueueInput{QueueUrl: &url})
			}
		})
	}
}

// consumeWhileSending routes queue to no-op handlers that record each
// message's latency, runs produce, and returns once n messages were handled.
func consumeWhileSending(b *testing.B, sub message.Subscriber, handlers int, queue string, produce func(), n int) []time.Duration {
	router, err := message.NewRouter(message.RouterConfig{}, watermill.NopLogger{})
	require.NoError(b, err)
	var mu sync.Mutex
	latencies := make([]time.Duration, 0, n)
	done := make(chan struct{})
	for i := range handlers {
		router.AddConsumerHandler("noop-"+strconv.Itoa(i), queue, sub, func(msg *message.Message) error {
			nanos, _, _ := strings.Cut(string(msg.Payload), " ")
			sentNanos, err := strconv.ParseInt(nanos, 10, 64)
			if err != nil {
				return err
			}
			sent := time.Unix(0, sentNanos)
			mu.Lock()
			defer mu.Unlock()
			if latencies = append(latencies, time.Since(sent)); len(latencies) == n {
				close(done)
			}
			return nil
		})
	}
	go func() { _ = router.Run(context.WithoutCancel(b.Context())) }()
	<-router.Running()
	produce()
	<-done
	require.NoError(b, router.Close())
	require.NoError(b, sub.Close())
	return latencies
}

// send sends rate messages per second for seconds, in batches every 10ms;
// each body starts with its send time in Unix nanoseconds.
func send(b *testing.B, client *sqs.Client, queue string, rate, seconds int) {
	perTick := rate / 100
	ticker := time.NewTicker(10 * time.Millisecond)
	defer ticker.Stop()
	var wg sync.WaitGroup
	for range seconds * 100 {
		<-ticker.C
		entries := make([]types.SendMessageBatchRequestEntry, perTick)
		for i := range entries {
			body := fmt.Sprintf("%d %0400d", time.Now().UnixNano(), i)
			entries[i] = types.SendMessageBatchRequestEntry{Id: aws.String(strconv.Itoa(i)), MessageBody: &body}
		}
		wg.Go(func() {
			_, err := client.SendMessageBatch(context.WithoutCancel(b.Context()), &sqs.SendMessageBatchInput{QueueUrl: &queue, Entries: entries})
			if err != nil {
				b.Error(err)
			}
		})
	}
	wg.Wait()
}
