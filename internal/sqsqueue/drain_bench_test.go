//go:build unix

package sqsqueue_test

import (
	"context"
	"flag"
	"fmt"
	"os"
	"runtime/pprof"
	"strconv"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/ThreeDotsLabs/watermill"
	wsqs "github.com/ThreeDotsLabs/watermill-aws/sqs"
	"github.com/ThreeDotsLabs/watermill/message"
	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/sqs"
	"github.com/aws/aws-sdk-go-v2/service/sqs/types"
	"github.com/aws/smithy-go/middleware"
	"github.com/stretchr/testify/require"

	"github.com/eventmesh/processor/internal/sqsqueue"
	"github.com/eventmesh/processor/internal/testenv"
)

var (
	drainMessages  = flag.Int("drain.messages", 10_000, "messages per BenchmarkDrain run")
	drainLatency   = flag.Duration("drain.latency", 20*time.Millisecond, "latency added to every SQS call in the latency runs")
	drainReceivers = flag.Int("drain.receivers", 0, "SubscriberConfig.MaxReceivers of the sqsqueue runs (0: default)")
	drainInFlight  = flag.Int("drain.inflight", 0, "SubscriberConfig.MaxInFlight of the sqsqueue runs (0: default)")
	drainNoMD5     = flag.Bool("drain.nochecksum", false, "set DisableMessageChecksumValidation on every consumer client")
	drainProfile   = flag.String("drain.cpuprofile", "", "write a CPU profile of the drains (not the fills) to this file")
)

// BenchmarkDrain drains a backlog through a Watermill router with a no-op
// handler, with this package's subscriber, with watermill-aws's subscriber
// under 32 handlers, and with a hand-written pipeline (32 workers, receive 10,
// DeleteMessageBatch); each also with latency added to every SQS call. Run it
// by hand, against a quiet emulator:
//
//	go test ./internal/sqsqueue/ -run '^$' -bench Drain -benchtime 1x [-args -drain.messages=20000]
//
// It reports msgs/s, SQS requests per message and the CPU time of this
// process per message. Runs on a busy machine differ by ±30%: compare
// within one run. A private emulator (SQS_EMULATOR_PORT=4567 node
// tools/sqs-emulator/server.mjs, TEST_SQS_ENDPOINT=http://127.0.0.1:4567)
// keeps other tests' queues out of the way.
func BenchmarkDrain(b *testing.B) {
	drains := []struct {
		name  string
		drain func(b *testing.B, awsCfg aws.Config, opts []func(*sqs.Options), queues sqsqueue.Queues, name string, n int)
	}{
		{"sqsqueue", drainSQSQueue},
		{"watermill-aws-32", drainWatermillAWS},
		{"raw-32", drainRaw},
	}
	for _, latency := range []time.Duration{0, *drainLatency} {
		for _, d := range drains {
			b.Run(fmt.Sprintf("%s/latency-%s", d.name, latency), func(b *testing.B) {
				runDrain(b, latency, d.drain)
			})
		}
	}
}

func runDrain(b *testing.B, latency time.Duration, drain func(*testing.B, aws.Config, []func(*sqs.Options), sqsqueue.Queues, string, int)) {
	awsCfg, client := testenv.SQSConfig(b), testenv.SQS(b)
	n := *drainMessages
	var counter sqsqueue.RequestCounter
	opts := []func(*sqs.Options){counter.Options}
	if latency > 0 {
		opts = append(opts, withLatency(latency))
	}
	if *drainNoMD5 {
		opts = append(opts, func(o *sqs.Options) { o.DisableMessageChecksumValidation = true })
	}
	var elapsed, cpu time.Duration
	for range b.N {
		b.StopTimer()
		name := testenv.UniqueName(b, "drain")
		queues, err := sqsqueue.EnsureQueues(b.Context(), client, sqsqueue.QueueSpec{Name: name})
		require.NoError(b, err)
		fill(b, client, queues.URL, n)
		counter.Reset()
		stopProfile := startProfile(b)
		cpuBefore, start := cpuTime(), time.Now()
		b.StartTimer()
		drain(b, awsCfg, opts, queues, name, n)
		b.StopTimer()
		stopProfile()
		elapsed, cpu = elapsed+time.Since(start), cpu+cpuTime()-cpuBefore
		for _, url := range []string{queues.URL, queues.DeadLetterURL} {
			_, err = client.DeleteQueue(b.Context(), &sqs.DeleteQueueInput{QueueUrl: &url})
			require.NoError(b, err)
		}
	}
	total := float64(n * b.N)
	b.ReportMetric(total/elapsed.Seconds(), "msgs/s")
	b.ReportMetric(float64(counter.Total())/float64(n), "req/msg")
	b.ReportMetric(float64(cpu.Microseconds())/total, "cpu-µs/msg")
	b.ReportMetric(0, "ns/op")
	b.Logf("requests of the last run: %v", counter.Counts())
}

// routeUntil runs a router with handlers no-op handlers on sub until n
// messages were handled, then closes the router and sub.
func routeUntil(b *testing.B, sub message.Subscriber, queue string, handlers, n int) {
	router, err := message.NewRouter(message.RouterConfig{CloseTimeout: 30 * time.Second}, watermill.NopLogger{})
	require.NoError(b, err)
	var handled atomic.Int64
	done := make(chan struct{})
	for i := range handlers {
		router.AddConsumerHandler("noop-"+strconv.Itoa(i), queue, sub, func(*message.Message) error {
			if handled.Add(1) == int64(n) {
				close(done)
			}
			return nil
		})
	}
	runErr := make(chan error, 1)
	go func() { runErr <- router.Run(context.WithoutCancel(b.Context())) }()
	select {
	case <-done:
	case err := <-runErr:
		require.FailNow(b, "router stopped", "%v", err)
	}
	require.NoError(b, router.Close())
	require.NoError(b, sub.Close())
}

func drainSQSQueue(b *testing.B, awsCfg aws.Config, opts []func(*sqs.Options), _ sqsqueue.Queues, queue string, n int) {
	sub, err := sqsqueue.NewSubscriber(sqsqueue.SubscriberConfig{
		AWSConfig: awsCfg, OptFns: opts, WaitTime: time.Second, MaxReceivers: *drainReceivers, MaxInFlight: *drainInFlight,
	}, nil)
	require.NoError(b, err)
	routeUntil(b, sub, queue, 1, n)
	b.Logf("subscriber stats: %+v", sub.Stats())
}

func drainWatermillAWS(b *testing.B, awsCfg aws.Config, opts []func(*sqs.Options), _ sqsqueue.Queues, queue string, n int) {
	sub, err := wsqs.NewSubscriber(wsqs.SubscriberConfig{AWSConfig: awsCfg, OptFns: opts, DoNotCreateQueueIfNotExists: true}, nil)
	require.NoError(b, err)
	routeUntil(b, sub, queue, 32, n)
}

// drainRaw is the hand-written pipeline: 32 workers, each receiving 10 and
// deleting them with one DeleteMessageBatch.
func drainRaw(b *testing.B, awsCfg aws.Config, opts []func(*sqs.Options), queues sqsqueue.Queues, _ string, n int) {
	client, queue := sqs.NewFromConfig(awsCfg, opts...), queues.URL
	ctx, cancel := context.WithCancel(b.Context())
	defer cancel()
	var deleted atomic.Int64
	var wg sync.WaitGroup
	for range 32 {
		wg.Go(func() {
			for ctx.Err() == nil {
				if deleted.Add(int64(receiveAndDelete(ctx, client, queue))) >= int64(n) {
					cancel()
				}
			}
		})
	}
	wg.Wait()
}

func receiveAndDelete(ctx context.Context, client *sqs.Client, queue string) int {
	out, err := client.ReceiveMessage(ctx, &sqs.ReceiveMessageInput{
		QueueUrl: &queue, MaxNumberOfMessages: 10, WaitTimeSeconds: 1, MessageAttributeNames: []string{"All"},
	})
	if err != nil || len(out.Messages) == 0 {
		return 0
	}
	entries := make([]types.DeleteMessageBatchRequestEntry, len(out.Messages))
	for i, m := range out.Messages {
		entries[i] = types.DeleteMessageBatchRequestEntry{Id: aws.String(strconv.Itoa(i)), ReceiptHandle: m.ReceiptHandle}
	}
	del, err := client.DeleteMessageBatch(context.WithoutCancel(ctx), &sqs.DeleteMessageBatchInput{QueueUrl: &queue, Entries: entries})
	if err != nil {
		return 0
	}
	return len(del.Successful)
}

// fill sends n watermill-marshaled messages of about 500 bytes, 10 per call.
func fill(b testing.TB, client *sqs.Client, queue string, n int) {
	var wg sync.WaitGroup
	batches := make(chan []types.SendMessageBatchRequestEntry)
	for range 16 {
		wg.Go(func() {
			for entries := range batches {
				_, err := client.SendMessageBatch(b.Context(), &sqs.SendMessageBatchInput{QueueUrl: &queue, Entries: entries})
				require.NoError(b, err)
			}
		})
	}
	for i := 0; i < n; i += 10 {
		batches <- sendEntries(b, min(10, n-i))
	}
	close(batches)
	wg.Wait()
}

func sendEntries(b testing.TB, k int) []types.SendMessageBatchRequestEntry {
	entries := make([]types.SendMessageBatchRequestEntry, k)
	for i := range entries {
		msg := message.NewMessage(watermill.NewUUID(), fmt.Appendf(nil, `{"specversion":"1.0","id":%q,"data":%q}`,
			watermill.NewUUID(), string(make([]byte, 400))))
		msg.Metadata.Set("correlation_id", watermill.NewShortUUID())
		raw, err := wsqs.DefaultMarshalerUnmarshaler{}.Marshal(msg)
		require.NoError(b, err)
		entries[i] = types.SendMessageBatchRequestEntry{
			Id: aws.String(strconv.Itoa(i)), MessageBody: raw.Body, MessageAttributes: raw.MessageAttributes,
		}
	}
	return entries
}

// withLatency delays every SQS request by d, like a distant endpoint.
func withLatency(d time.Duration) func(*sqs.Options) {
	delay := middleware.FinalizeMiddlewareFunc("latency", func(ctx context.Context, in middleware.FinalizeInput, next middleware.FinalizeHandler) (middleware.FinalizeOutput, middleware.Metadata, error) {
		select {
		case <-time.After(d):
		case <-ctx.Done():
			return middleware.FinalizeOutput{}, middleware.Metadata{}, ctx.Err()
		}
		return next.HandleFinalize(ctx, in)
	})
	return func(o *sqs.Options) {
		o.APIOptions = append(o.APIOptions, func(s *middleware.Stack) error { return s.Finalize.Add(delay, middleware.After) })
	}
}

// startProfile starts the CPU profile asked for by -drain.cpuprofile.
func startProfile(b *testing.B) func() {
	if *drainProfile == "" {
		return func() {}
	}
	f, err := os.Create(*drainProfile)
	require.NoError(b, err)
	require.NoError(b, pprof.StartCPUProfile(f))
	return func() {
		pprof.StopCPUProfile()
		require.NoError(b, f.Close())
	}
}

// cpuTime is the user and system CPU time of this process.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	_ = syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
