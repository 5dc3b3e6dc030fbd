package faults_test

import (
	"context"
	"sync/atomic"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/stretchr/testify/require"

	"github.com/eventmesh/processor/internal/producer"
	"github.com/eventmesh/processor/internal/testenv"
	"github.com/eventmesh/processor/test/harness"
)

// bundle is a processor binary on a database and a queue of its own, each
// behind a fault proxy.
type bundle struct {
	pool    *pgxpool.Pool // direct, not through the proxy
	q       *harness.Queue
	pg, sqs *testenv.FaultProxy
	proc    *harness.Process
	env     map[string]string
	tenants []string
}

func setup(t *testing.T, maxReceiveCount int, extra map[string]string) *bundle {
	t.Helper()
	dbURL, pool := testenv.FreshDatabase(t)
	b := &bundle{pool: pool, q: harness.NewQueue(t, maxReceiveCount, 5*time.Second), tenants: harness.Registry(t).Tenants()}
	b.pg = testenv.NewFaultProxy(t, testenv.PostgresHostPort())
	b.sqs = testenv.NewFaultProxy(t, testenv.SQSHostPort())
	b.env = harness.Env(testenv.Via(dbURL, b.pg.Addr()), b.q, extra)
	b.env["AWS_ENDPOINT_URL_SQS"] = "http://" + b.sqs.Addr()
	b.env["SQS_MAX_RECEIVE_COUNT"] = harness.Itoa(maxReceiveCount)
	b.proc = harness.Start(t, "processor", b.env)
	b.proc.WaitReady(30 * time.Second)
	return b
}

// sendAsync sends n messages of mix at rate a second; the channel gets them
// once all are sent.
func (b *bundle) sendAsync(t *testing.T, seed uint64, n int, mix producer.Mix, rate float64) <-chan []harness.Sent {
	msgs := harness.Workload(t, seed, n, mix)
	ch := make(chan []harness.Sent, 1)
	go func() {
		var progress atomic.Int64
		sent, err := b.q.SendPaced(context.Background(), msgs, rate, &progress)
		if err != nil {
			t.Errorf("send: %v", err)
		}
		ch <- sent
	}()
	return ch
}

// requireExact waits for every message of sent to be stored or poisoned and
// checks that each is, exactly once, with the processor still running.
func (b *bundle) requireExact(t *testing.T, sent []harness.Sent, timeout time.Duration) harness.Outcome {
	t.Helper()
	exp := harness.Expect(sent)
	outcome, complete := harness.AwaitOutcome(t, b.pool, b.q, exp, b.tenants, timeout)
	figures := exp.Compare(outcome)
	t.Logf("%s: %s", t.Name(), figures)
	exited, code := b.proc.Exited()
	require.False(t, exited, "processor exited with %d\n%s", code, b.proc.LogTail(20))
	require.True(t, complete, "not all processed within %s: %s\n%v\n%s", timeout, figures, figures.Problems, b.proc.LogTail(20))
	require.True(t, figures.OK(), "%s\n%v", figures, figures.Problems)
	dlq, err := b.q.Depth(context.Background(), b.q.DeadLetterURL)
	require.NoError(t, err)
	require.Zero(t, dlq, "messages in the dead-letter queue")
	return outcome
}

func (b *bundle) metric(t *testing.T, name string) float64 {
	t.Helper()
	v, err := b.proc.Metric(name)
	require.NoError(t, err)
	return v
}
