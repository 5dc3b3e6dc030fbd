package producer_test

import (
	"context"
	"io"
	"log/slog"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/stretchr/testify/require"

	"github.com/eventmesh/processor/internal/processor"
	"github.com/eventmesh/processor/internal/producer"
	"github.com/eventmesh/processor/internal/rejection"
	"github.com/eventmesh/processor/internal/sqsqueue"
	"github.com/eventmesh/processor/internal/testenv"
)

// The check: what the producers report is what the processor, run
// against the real SQS emulator and Postgres, stores and poisons.
func TestPublish_report_matches_what_the_processor_stored_and_poisoned(t *testing.T) {
	t.Parallel()
	reg, cat := setup(t, 0)
	dbURL, pool := testenv.FreshDatabase(t)
	q := newQueue(t, false)
	startProcessor(t, dbURL, q.name)
	w, err := producer.NewWorkload(23, everyKind(), cat)
	require.NoError(t, err)

	report, err := producer.Publish(t.Context(), q.pub, w.Messages(), producer.PublishConfig{Topic: q.name, Count: 600, Concurrency: 16})
	require.NoError(t, err)
	require.Equal(t, 600, report.Sent)

	want := report.Expected
	var stored map[string]int
	var poisoned map[rejection.Class]int
	deadline := time.Now().Add(time.Minute)
	for time.Now().Before(deadline) {
		stored, poisoned = storedByTenant(t, pool, reg.Tenants()), poisonedByClass(t, pool)
		if sum(stored) >= want.Stored && sum(poisoned) >= want.Poisoned {
			break
		}
		time.Sleep(250 * time.Millisecond)
	}
	require.Equal(t, want.StoredByTenant, stored)
	require.Equal(t, want.PoisonedByClass, poisoned)
}

func startProcessor(t *testing.T, dbURL, queue string) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	svc, err := processor.New(ctx, processor.Config{
		DatabaseURL: dbURL, AWS: testenv.SQSConfig(t), QueueName: queue, Subscriber: sqsqueue.SubscriberConfig{WaitTime: time.Second},
		CloseTimeout: 10 * time.Second, Logger: slog.New(slog.NewJSONHandler(io.Discard, nil)),
	})
	require.NoError(t, err)
	done := make(chan error, 1)
	go func() { done <- svc.Run(ctx) }()
	t.Cleanup(func() {
		cancel()
		require.NoError(t, <-done)
	})
	<-svc.Running()
}

func storedByTenant(t *testing.T, pool *pgxpool.Pool, tenants []string) map[string]int {
	t.Helper()
	counts := map[string]int{}
	for _, tenant := range tenants {
		var n int
		table := pgx.Identifier{"watermill_events_" + tenant}.Sanitize()
		require.NoError(t, pool.QueryRow(t.Context(), "SELECT count(*) FROM "+table).Scan(&n))
		if n > 0 {
			counts[tenant] = n
		}
	}
	return counts
}

func poisonedByClass(t *testing.T, pool *pgxpool.Pool) map[rejection.Class]int {
	t.Helper()
	rows, err := pool.Query(t.Context(), `SELECT metadata->>'reason_class', count(*) FROM watermill_poison GROUP BY 1`)
	require.NoError(t, err)
	defer rows.Close()
	counts := map[rejection.Class]int{}
	for rows.Next() {
		var class string
		var n int
		require.NoError(t, rows.Scan(&class, &n))
		counts[rejection.Class(class)] = n
	}
	require.NoError(t, rows.Err())
	return counts
}

func sum[K comparable](m map[K]int) int {
	n := 0
	for _, v := range m {
		n += v
	}
	return n
}
