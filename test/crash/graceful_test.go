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

// TestGracefulStop_SIGTERM_under_load_exits_zero_and_loses_nothing stops the
// processor with SIGTERM five times while messages keep arriving: each time
// it exits 0 within its close timeout, and in the end every message is
// stored or poisoned exactly once.
func TestGracefulStop_SIGTERM_under_load_exits_zero_and_loses_nothing(t *testing.T) {
	t.Parallel()
	const closeTimeout = 10 * time.Second
	dbURL, pool := testenv.FreshDatabase(t)
	q := harness.NewQueue(t, 50, 5*time.Second)
	env := harness.Env(dbURL, q, map[string]string{"CLOSE_TIMEOUT": closeTimeout.String()})
	tenants := harness.Registry(t).Tenants()
	msgs := harness.Workload(t, 7, 1500, harness.MixedWorkload)

	var progress atomic.Int64
	sentCh := make(chan []harness.Sent, 1)
	go func() {
		sent, err := q.SendPaced(context.Background(), msgs, 150, &progress)
		if err != nil {
			t.Errorf("send: %v", err)
		}
		sentCh <- sent
	}()
	for i := range 5 {
		p := harness.Start(t, "graceful", env)
		p.WaitReady(30 * time.Second)
		time.Sleep(time.Duration(1000+300*i) * time.Millisecond)
		begin := time.Now()
		p.Signal(syscall.SIGTERM)
		code, ok := p.Wait(closeTimeout + 5*time.Second)
		took := time.Since(begin)
		require.True(t, ok, "exit within the close timeout + 5s\n%s", p.LogTail(20))
		require.Equal(t, 0, code, "exit code after SIGTERM\n%s", p.LogTail(20))
		require.Less(t, took, closeTimeout+2*time.Second)
		t.Logf("stop %d: exit 0 after %s, %d messages sent so far", i+1, took.Round(time.Millisecond), progress.Load())
	}
	sent := <-sentCh
	last := harness.Start(t, "graceful-last", env)
	last.WaitReady(30 * time.Second)
	exp := harness.Expect(sent)
	outcome, complete := harness.AwaitOutcome(t, pool, q, exp, tenants, 2*time.Minute)
	figures := exp.Compare(outcome)
	t.Logf("graceful stops: %s", figures)
	require.True(t, complete, figures.String())
	require.True(t, figures.OK(), "%s\n%v", figures, figures.Problems)
	last.Signal(syscall.SIGTERM)
	code, ok := last.Wait(closeTimeout + 5*time.Second)
	require.True(t, ok)
	require.Equal(t, 0, code)
}
