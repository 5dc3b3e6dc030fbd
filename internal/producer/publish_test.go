package producer_test

import (
	"context"
	"fmt"
	"iter"
	"math"
	"strings"
	"testing"
	"time"

	wsqs "github.com/ThreeDotsLabs/watermill-aws/sqs"
	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/stretchr/testify/require"

	"github.com/ThreeDotsLabs/watermill"
	"github.com/ThreeDotsLabs/watermill/message"
	"github.com/ThreeDotsLabs/watermill/pubsub/gochannel"

	"github.com/eventmesh/processor/internal/envelope"
	"github.com/eventmesh/processor/internal/producer"
	"github.com/eventmesh/processor/internal/producerauth"
	"github.com/eventmesh/processor/internal/registry"
	"github.com/eventmesh/processor/internal/rejection"
	"github.com/eventmesh/processor/schemas"
)

func TestPublish_report_matches_what_the_queue_received(t *testing.T) {
	t.Parallel()
	reg, cat := setup(t, 0)
	q := newQueue(t, true)
	w, err := producer.NewWorkload(11, everyKind(), cat)
	require.NoError(t, err)

	report, err := producer.Publish(t.Context(), q.pub, w.Messages(), producer.PublishConfig{Topic: q.name, Count: 400, Concurrency: 8})
	require.NoError(t, err)
	require.Equal(t, 400, report.Sent)
	require.Zero(t, report.Failed+report.Unsent)

	// Count the queue's messages by kind, and work out from them alone what
	// the processor will store and poison.
	byKind := map[producer.Kind]int{}
	exp := expectation{stored: map[string]int{}, poisoned: map[rejection.Class]int{}, bodies: map[string]string{}}
	for _, m := range q.drain(report.Sent) {
		kind := producer.Kind(attr(m, producer.MetadataKind))
		byKind[kind]++
		require.NotEmpty(t, attr(m, "correlation_id"))
		msg := producer.Message{Body: []byte(aws.ToString(m.Body)), Kind: kind, Signature: attr(m, producerauth.SignatureAttribute)}
		ev, class := classify(reg, msg, aws.ToString(m.MessageId))
		if ev != nil && ev.ID != aws.ToString(m.MessageId) {
			require.Equal(t, ev.ID, attr(m, wsqs.UUIDAttribute), "the Watermill UUID is the event id")
		}
		exp.add(ev, class, msg.Body)
	}
	for _, row := range report.Rows {
		require.Positive(t, byKind[row.Kind])
	}
	for kind, n := range byKind {
		require.Equal(t, report.CountKind(kind), n, "messages of kind %s", kind)
	}
	require.Equal(t, report.Expected.StoredByTenant, exp.stored)
	require.Equal(t, report.Expected.Duplicates, exp.duplicates)
	require.Equal(t, report.Expected.PoisonedByClass, exp.poisoned)
}

// expectation is the processor's outcome computed from received messages:
// the first body of an event id is stored, the same body again is a
// duplicate, another body is a conflict.
type expectation struct {
	stored     map[string]int
	poisoned   map[rejection.Class]int
	duplicates int
	bodies     map[string]string
}

func (e *expectation) add(ev *envelope.Event, class rejection.Class, body []byte) {
	if class != "" {
		e.poisoned[class]++
		return
	}
	key := ev.Tenant + "/" + ev.ID
	first, seen := e.bodies[key]
	switch {
	case !seen:
		e.bodies[key] = string(body)
		e.stored[ev.Tenant]++
	case first == string(body):
		e.duplicates++
	default:
		e.poisoned[rejection.ClassConflict]++
	}
}

func TestPublish_waits_for_the_queue_the_processor_creates(t *testing.T) {
	t.Parallel()
	_, cat := setup(t, 0)
	q := newQueue(t, false)
	w, err := producer.NewWorkload(5, producer.Mix{}, cat)
	require.NoError(t, err)

	created := make(chan struct{})
	time.AfterFunc(500*time.Millisecond, func() { q.create(); close(created) })
	report, err := producer.Publish(t.Context(), q.pub, w.Messages(), producer.PublishConfig{
		Topic: q.name, Count: 20, InitialBackoff: 50 * time.Millisecond, MaxBackoff: 200 * time.Millisecond,
	})
	require.NoError(t, err)
	require.Equal(t, 20, report.Sent)
	require.Positive(t, report.Retries, "sends to the missing queue were retried")
	<-created
	q.drain(20)
}

func TestPublish_keeps_to_the_rate(t *testing.T) {
	t.Parallel()
	_, cat := setup(t, 0)
	q := newQueue(t, true)
	w, err := producer.NewWorkload(5, producer.Mix{}, cat)
	require.NoError(t, err)

	report, err := producer.Publish(t.Context(), q.pub, w.Messages(), producer.PublishConfig{Topic: q.name, Count: 40, Rate: 100})
	require.NoError(t, err)
	require.Equal(t, 40, report.Sent)
	require.GreaterOrEqual(t, report.Elapsed, 390*time.Millisecond, "40 messages at 100/s take 0.39s at least")
	require.LessOrEqual(t, report.PerSecond, 105.0)
}

func TestPublish_stops_when_cancelled_and_reports_what_was_sent(t *testing.T) {
	t.Parallel()
	_, cat := setup(t, 0)
	q := newQueue(t, true)
	w, err := producer.NewWorkload(5, producer.Mix{}, cat)
	require.NoError(t, err)

	ctx, cancel := context.WithTimeout(t.Context(), 500*time.Millisecond)
	defer cancel()
	report, err := producer.Publish(ctx, q.pub, w.Messages(), producer.PublishConfig{Topic: q.name, Rate: 50})
	require.NoError(t, err)
	require.Less(t, report.Elapsed, 2*time.Second)
	require.Positive(t, report.Sent)
	q.drain(report.Sent)
}

func TestPublish_stops_after_the_duration(t *testing.T) {
	t.Parallel()
	_, cat := setup(t, 0)
	q := newQueue(t, true)
	w, err := producer.NewWorkload(5, producer.Mix{}, cat)
	require.NoError(t, err)

	report, err := producer.Publish(t.Context(), q.pub, w.Messages(), producer.PublishConfig{Topic: q.name, Rate: 50, Duration: 300 * time.Millisecond})
	require.NoError(t, err)
	// 50/s for 300ms is 15 messages at most (plus the pacer's first burst);
	// a loaded machine may send fewer, never more, and it must stop.
	require.Positive(t, report.Sent)
	require.LessOrEqual(t, report.Sent, 18)
	require.Less(t, report.Elapsed, 2*time.Second)
	q.drain(report.Sent)
}

func TestPublish_a_message_SQS_refuses_is_counted_and_skipped(t *testing.T) {
	t.Parallel()
	q := newQueue(t, true)
	msgs := []producer.Message{
		{UUID: "a", Body: []byte("fine"), CorrelationID: "c1", Kind: producer.KindPlainText},
		{UUID: "b", Body: []byte(strings.Repeat("x", 1<<20+1)), CorrelationID: "c2", Kind: producer.KindPlainText},
		{UUID: "c", Body: []byte("fine too"), CorrelationID: "c3", Kind: producer.KindPlainText},
	}
	report, err := producer.Publish(t.Context(), q.pub, seq(msgs), producer.PublishConfig{Topic: q.name, Concurrency: 1})
	require.NoError(t, err)
	require.Equal(t, 1, report.Failed, "a body over 1 MiB, the SQS limit, is refused")
	require.Zero(t, report.Retries, "a refused message is not retried")
	require.Equal(t, 2, report.Sent)
	require.Equal(t, 2, report.Expected.PoisonedByClass[rejection.ClassEnvelope])
	q.drain(2)
}

func TestPublishConfig_Validate(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name string
		cfg  producer.PublishConfig
		err  string
	}{
		{name: "no topic", cfg: producer.PublishConfig{}, err: "Topic is required"},
		{name: "negative rate", cfg: producer.PublishConfig{Topic: "q", Rate: -1}, err: "Rate must be 0 or in [0.001, 1000000]"},
		{name: "NaN rate", cfg: producer.PublishConfig{Topic: "q", Rate: math.NaN()}, err: "Rate must be 0 or in [0.001, 1000000], got NaN"},
		{name: "infinite rate", cfg: producer.PublishConfig{Topic: "q", Rate: math.Inf(1)}, err: "got +Inf"},
		{name: "rate too small to pace", cfg: producer.PublishConfig{Topic: "q", Rate: 1e-300}, err: "Rate must be 0 or in"},
		{name: "negative count", cfg: producer.PublishConfig{Topic: "q", Count: -1}, err: "Count must be >= 0"},
		{name: "negative duration", cfg: producer.PublishConfig{Topic: "q", Duration: -time.Second}, err: "Duration must be >= 0"},
		{name: "too many senders", cfg: producer.PublishConfig{Topic: "q", Concurrency: 5000}, err: "Concurrency must be in [1, 1024]"},
		{name: "backoff inverted", cfg: producer.PublishConfig{Topic: "q", InitialBackoff: time.Minute, MaxBackoff: time.Second}, err: "InitialBackoff must be in (0, MaxBackoff 1s]"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			_, err := producer.Publish(t.Context(), nil, seq(nil), tc.cfg)
			require.ErrorContains(t, err, tc.err)
		})
	}
}

func seq(msgs []producer.Message) iter.Seq[producer.Message] {
	return func(yield func(producer.Message) bool) {
		for _, m := range msgs {
			if !yield(m) {
				return
			}
		}
	}
}

func ExamplePublish() {
	reg, _ := registry.Load(schemas.FS)
	cat, _ := producer.NewCatalog(reg, producer.FixtureSamples, 1024)
	// The benchmark's workload: 1 KB bodies, 10% invalid of every kind, 2% duplicates.
	w, _ := producer.NewWorkload(1, producer.Mix{
		Invalid:    producer.SpreadInvalid(0.10, producer.InvalidKinds...),
		Duplicates: 0.02,
		BodySize:   1024,
	}, cat)
	var pub message.Publisher = gochannel.NewGoChannel(gochannel.Config{}, watermill.NopLogger{})
	report, _ := producer.Publish(context.Background(), pub, w.Messages(), producer.PublishConfig{Topic: "events", Count: 1000})
	fmt.Println(report.Sent, report.Expected.Stored+report.Expected.Duplicates+report.Expected.Poisoned)
	// Output: 1000 1000
}
