package crash_test

import (
	"context"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/eventmesh/processor/internal/poison"
	"github.com/eventmesh/processor/internal/store"
	"github.com/eventmesh/processor/internal/testenv"
	"github.com/eventmesh/processor/test/harness"
)

// awaitHealthz polls /healthz until it answers 200 and returns how long
// that took since start.
func awaitHealthz(t *testing.T, p *harness.Process, start time.Time, timeout time.Duration) time.Duration {
	t.Helper()
	for {
		if code, _, err := harness.Get(p.Addr(), "/healthz"); err == nil && code == http.StatusOK {
			return time.Since(start)
		}
		require.Less(t, time.Since(start), timeout, "/healthz did not answer\n%s", p.LogTail(20))
		time.Sleep(20 * time.Millisecond)
	}
}

// awaitReadyzContains polls /readyz until its body contains want, and
// returns the body; it must answer 503 meanwhile.
func awaitReadyzContains(t *testing.T, p *harness.Process, want string, timeout time.Duration) string {
	t.Helper()
	deadline := time.Now().Add(timeout)
	for {
		code, body, err := harness.Get(p.Addr(), "/readyz")
		if err == nil && strings.Contains(body, want) {
			require.Equal(t, http.StatusServiceUnavailable, code, body)
			return strings.TrimSpace(body)
		}
		require.True(t, time.Now().Before(deadline), "/readyz never said %q (last: %d %s)\n%s", want, code, body, p.LogTail(20))
		time.Sleep(100 * time.Millisecond)
	}
}

// awaitLog waits until the process's log contains want.
func awaitLog(t *testing.T, p *harness.Process, want string, timeout time.Duration) {
	t.Helper()
	deadline := time.Now().Add(timeout)
	for !strings.Contains(p.Log(), want) {
		require.True(t, time.Now().Before(deadline), "log never said %q\n%s", want, p.LogTail(20))
		time.Sleep(100 * time.Millisecond)
	}
}

// TestStartup_waits_for_a_locked_poison_table_and_starts_once_released holds
// an ACCESS EXCLUSIVE lock on watermill_poison (an operator's open
// transaction), whose unique index start-up must create, while the
// processor starts: /healthz answers at once, /readyz
// and the log name the step waited for and the table, "processor started"
// is not logged; once the lock is released the processor starts.
func TestStartup_waits_for_a_locked_poison_table_and_starts_once_released(t *testing.T) {
	t.Parallel()
	dbURL, pool := testenv.FreshDatabase(t)
	ctx := context.Background()
	require.NoError(t, store.EnsureTopic(ctx, pool, store.NewBinaryTopicSchema(), poison.Topic))
	// Start-up only reads the catalog of a table that has its unique index;
	// without it, start-up must create the index, which waits for the lock.
	_, err := pool.Exec(ctx, `DROP INDEX "`+strings.Trim(poison.MessagesTable(), `"`)+`_uuid_key"`)
	require.NoError(t, err)
	tx, err := pool.Begin(ctx)
	require.NoError(t, err)
	t.Cleanup(func() { _ = tx.Rollback(context.WithoutCancel(ctx)) })
	_, err = tx.Exec(ctx, "LOCK TABLE "+poison.MessagesTable()+" IN ACCESS EXCLUSIVE MODE")
	require.NoError(t, err)

	q := harness.NewQueue(t, 5, 5*time.Second)
	harness.Binary(t) // built before the clock starts
	start := time.Now()
	p := harness.Start(t, "locked", harness.Env(dbURL, q, map[string]string{"STARTUP_STEP_TIMEOUT": "4s"}))
	healthz := awaitHealthz(t, p, start, 5*time.Second)
	awaitReadyzContains(t, p, "waiting for: create poison table", time.Minute)
	body := awaitReadyzContains(t, p, "table watermill_poison locked by another session", time.Minute)
	awaitLog(t, p, `"msg":"waiting for step create poison table: retrying"`, time.Minute)
	require.Contains(t, p.Log(), "table watermill_poison locked by another session")
	require.Contains(t, p.Log(), `"msg":"starting step create poison table"`)
	require.NotContains(t, p.Log(), "processor started")
	t.Logf("/healthz answered %s after start; /readyz while locked: %s", healthz.Round(time.Millisecond), body)

	require.NoError(t, tx.Rollback(ctx))
	released := time.Now()
	p.WaitReady(time.Minute)
	require.Contains(t, p.Log(), "processor started")
	require.Contains(t, p.Log(), `"msg":"step create poison table done in`)
	t.Logf("ready %s after the lock was released", time.Since(released).Round(time.Millisecond))
}

// TestStartup_against_a_hung_postgres_is_bounded_and_logged starts the
// processor against a Postgres that accepts connections and never answers
// (a hung proxy): /healthz answers, /readyz names the step, every attempt's
// timeout is logged, and the processor exits 1 once STARTUP_TIMEOUT has
// passed, naming the step.
func TestStartup_against_a_hung_postgres_is_bounded_and_logged(t *testing.T) {
	t.Parallel()
	dbURL, _ := testenv.FreshDatabase(t)
	proxy := testenv.NewFaultProxy(t, testenv.PostgresHostPort())
	proxy.Hang()
	q := harness.NewQueue(t, 5, 5*time.Second)
	const startupTimeout = 12 * time.Second
	harness.Binary(t)
	start := time.Now()
	p := harness.Start(t, "hung", harness.Env(testenv.Via(dbURL, proxy.Addr()), q, map[string]string{
		"STARTUP_TIMEOUT": startupTimeout.String(), "STARTUP_STEP_TIMEOUT": "3s",
	}))
	healthz := awaitHealthz(t, p, start, 5*time.Second)
	body := awaitReadyzContains(t, p, "waiting for: connect to postgres", 10*time.Second)
	code, ok := p.Wait(startupTimeout + 10*time.Second)
	took := time.Since(start)
	require.True(t, ok, "start-up bounded by STARTUP_TIMEOUT\n%s", p.LogTail(20))
	require.Equal(t, 1, code)
	log := p.Log()
	require.Contains(t, log, `"msg":"waiting for step connect to postgres: retrying"`)
	require.Contains(t, log, "no answer within StartupStepTimeout 3s")
	require.Contains(t, log, "start-up did not finish within StartupTimeout 12s")
	require.Contains(t, log, `start-up step "connect to postgres" failed`)
	require.NotContains(t, log, "processor started")
	require.Less(t, took, startupTimeout+5*time.Second)
	t.Logf("/healthz answered %s after start; /readyz: %s; exit 1 after %s (STARTUP_TIMEOUT %s)",
		healthz.Round(time.Millisecond), body, took.Round(time.Millisecond), startupTimeout)
}
