package processor_test

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"os"
	"testing"
	"time"

	"github.com/ThreeDotsLabs/watermill"
	wsqs "github.com/ThreeDotsLabs/watermill-aws/sqs"
	"github.com/ThreeDotsLabs/watermill/message"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/stretchr/testify/require"

	"github.com/eventmesh/processor/internal/processor"
	"github.com/eventmesh/processor/internal/registry"
	"github.com/eventmesh/processor/internal/sqsqueue"
	"github.com/eventmesh/processor/internal/testenv"
	"github.com/eventmesh/processor/middleware"
	"github.com/eventmesh/processor/schemas"
)

// bundle is a running processor on its own queue, behind a fault proxy to
// Postgres, and a publisher to its queue.
type bundle struct {
	svc       *processor.Service
	queue     string
	pgProxy   *testenv.FaultProxy
	pool      *pgxpool.Pool // direct, not through the proxy
	publisher message.Publisher
	runID     string // correlation id of every message the test publishes
	registry  *registry.Registry
}

func testLogger() *slog.Logger {
	if os.Getenv("TEST_PROCESSOR_LOGS") != "" {
		return slog.New(slog.NewJSONHandler(os.Stderr, nil))
	}
	return slog.New(slog.NewJSONHandler(io.Discard, nil))
}

func setup(t *testing.T, tweak func(*processor.Config)) *bundle {
	t.Helper()
	pool := testenv.Postgres(t)
	pgProxy := testenv.NewFaultProxy(t, "127.0.0.1:5432")
	cfg := testConfig(t, testenv.DatabaseURLVia(pgProxy.Addr()))
	if tweak != nil {
		tweak(&cfg)
	}
	ctx, cancel := context.WithCancel(context.Background())
	svc, err := processor.New(ctx, cfg)
	require.NoError(t, err)
	done := make(chan error, 1)
	go func() { done <- svc.Run(ctx) }()
	t.Cleanup(func() {
		cancel()
		select {
		case err := <-done:
			require.NoError(t, err)
		case <-time.After(30 * time.Second):
			t.Error("processor did not stop within 30s")
		}
	})
	<-svc.Running()

	reg, err := registry.Load(schemas.FS)
	require.NoError(t, err)
	return &bundle{
		svc: svc, queue: cfg.QueueName, pgProxy: pgProxy, pool: pool,
		publisher: newPublisher(t), runID: watermill.NewULID(), registry: reg,
	}
}

// testConfig is the configuration of a test's processor on its own queue.
func testConfig(t *testing.T, databaseURL string) processor.Config {
	t.Helper()
	cfg := processor.Config{
		DatabaseURL: databaseURL,
		AWS:         testenv.SQSConfig(t),
		QueueName:   testenv.UniqueName(t, "q"),
		Subscriber: sqsqueue.SubscriberConfig{
			WaitTime: time.Second, VisibilityTimeout: 5 * time.Second, NackVisibilityDelay: time.Second,
		},
		Retry:        middleware.Retry{MaxRetries: 2, InitialInterval: 50 * time.Millisecond, MaxInterval: 200 * time.Millisecond},
		HTTPAddr:     "127.0.0.1:0",
		CloseTimeout: 10 * time.Second,
		Logger:       testLogger(),
	}
	cfg.Store.CommitTimeout = 2 * time.Second
	return cfg
}

func newPublisher(t *testing.T) message.Publisher {
	t.Helper()
	pub, err := wsqs.NewPublisher(wsqs.PublisherConfig{
		AWSConfig:                   testenv.SQSConfig(t),
		DoNotCreateQueueIfNotExists: true,
	}, watermill.NopLogger{})
	require.NoError(t, err)
	t.Cleanup(func() { require.NoError(t, pub.Close()) })
	return pub
}

// publish sends body with the given Watermill UUID (the event id, for
// CloudEvents bodies), the test's correlation id and the signature of the
// producer it names.
func (b *bundle) publish(t *testing.T, uuid string, body []byte) {
	t.Helper()
	msg := message.NewMessage(uuid, body)
	msg.Metadata.Set(middleware.CorrelationIDKey, b.runID)
	signAsItsProducer(processor.CurrentRegistry(b.svc), msg)
	require.NoError(t, b.publisher.Publish(b.queue, msg))
}

// eventually polls cond every 200ms until it holds or timeout passes.
func eventually(t *testing.T, timeout time.Duration, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(timeout)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out after %s waiting for %s", timeout, what)
		}
		time.Sleep(200 * time.Millisecond)
	}
}

func (b *bundle) scalar(t *testing.T, query string, args ...any) int {
	t.Helper()
	var n int
	require.NoError(t, b.pool.QueryRow(context.Background(), query, args...).Scan(&n))
	return n
}

func eventsTable(tenant string) string {
	return fmt.Sprintf(`"watermill_events_%s"`, tenant)
}
