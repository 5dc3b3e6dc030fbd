package crash_test

import (
	"context"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/eventmesh/processor/internal/testenv"
	"github.com/eventmesh/processor/test/harness"
)

// TestShutdown_SIGTERM_with_a_hung_postgres_exits_within_the_budget sends
// events while Postgres hangs (connections open, nothing answered) and then
// SIGTERMs the processor with CLOSE_TIMEOUT=10s: it exits within the budget
// whatever the commit timeout (they used to add up: 21.6s, and 32.7s with a
// 20s commit timeout). Nothing is lost: a processor started afterwards, with
// Postgres answering again, stores every event exactly once.
func TestShutdown_SIGTERM_with_a_hung_postgres_exits_within_the_budget(t *testing.T) {
	t.Parallel()
	const budget = 10 * time.Second
	for name, commitTimeout := range map[string]string{"commit timeout 3s": "3s", "commit timeout 20s": "20s"} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			dbURL, pool := testenv.FreshDatabase(t)
			proxy := testenv.NewFaultProxy(t, testenv.PostgresHostPort())
			q := harness.NewQueue(t, 50, 5*time.Second)
			env := harness.Env(testenv.Via(dbURL, proxy.Addr()), q, map[string]string{
				"CLOSE_TIMEOUT": budget.String(), "STORE_COMMIT_TIMEOUT": commitTimeout, "SQS_MAX_PROCESSING_TIME": "5m",
			})
			p := harness.Start(t, "hung-stop", env)
			p.WaitReady(time.Minute)

			msgs := harness.Workload(t, 51, 400, harness.MixedWorkload)
			var progress atomic.Int64
			sentCh := harness.SendAsync(t, q, msgs, 100, &progress)
			for progress.Load() < 100 {
				time.Sleep(50 * time.Millisecond)
			}
			proxy.Hang()
			time.Sleep(3 * time.Second) // batches in progress hang; the store gate closes
			begin := time.Now()
			p.Signal(syscall.SIGTERM)
			code, ok := p.Wait(budget + 20*time.Second)
			took := time.Since(begin)
			require.True(t, ok, "exit after SIGTERM\n%s", p.LogTail(30))
			t.Logf("%s: SIGTERM with Postgres hung, CLOSE_TIMEOUT %s: exit %d after %s", name, budget, code, took.Round(time.Millisecond))
			require.LessOrEqual(t, took, budget+time.Second, "shutdown within CLOSE_TIMEOUT\n%s", p.LogTail(30))

			proxy.RemoveToxics()
			sent := <-sentCh
			next := harness.Start(t, "after-hung-stop", env)
			next.WaitReady(time.Minute)
			exp := harness.Expect(sent)
			outcome, complete := harness.AwaitOutcome(t, pool, q, exp, harness.Registry(t).Tenants(), 3*time.Minute)
			figures := exp.Compare(outcome)
			t.Logf("%s: after a restart: %s", name, figures)
			require.True(t, complete, "%s\n%s", figures, next.LogTail(20))
			require.True(t, figures.OK(), "%s\n%v", figures, figures.Problems)
			dlq, err := q.Depth(context.Background(), q.DeadLetterURL)
			require.NoError(t, err)
			require.Zero(t, dlq, "messages in the dead-letter queue")
		})
	}
}
