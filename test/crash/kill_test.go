package crash_test

import (
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"strconv"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/eventmesh/processor/test/harness"
)

// killConfig sizes the kill test; KILL_TEST_EVENTS, KILL_TEST_KILLS and
// KILL_TEST_SEED override the short defaults.
type killConfig struct {
	events, kills int
	seed          uint64
	rate          float64       // messages sent per second
	gap           time.Duration // mean time between kills
}

func loadKillConfig(t *testing.T) killConfig {
	cfg := killConfig{events: envInt(t, "KILL_TEST_EVENTS", 2000), seed: uint64(envInt(t, "KILL_TEST_SEED", 0))}
	cfg.kills = envInt(t, "KILL_TEST_KILLS", max(10, cfg.events/1000))
	if cfg.seed == 0 {
		cfg.seed = rand.Uint64()
	}
	// Send for about as long as the kills last, so kills hit a processor
	// that is both receiving new messages and working off a backlog.
	cfg.gap = 1500 * time.Millisecond
	if cfg.events >= 10000 {
		cfg.gap = 4 * time.Second
	}
	cfg.rate = float64(cfg.events) / (float64(cfg.kills) * cfg.gap.Seconds() * 0.8)
	return cfg
}

func envInt(t *testing.T, key string, def int) int {
	v := os.Getenv(key)
	if v == "" {
		return def
	}
	n, err := strconv.Atoi(v)
	require.NoError(t, err, key)
	return n
}

// killRun is the state of one kill test.
type killRun struct {
	t        *testing.T
	cfg      killConfig
	rng      *rand.Rand
	env      map[string]string
	cluster  *harness.Cluster
	procs    map[string]*harness.Process
	kills    int
	restarts int
	pgDown   time.Duration
	crashes  []string
}

// TestKill_processor_killed_at_random_loses_and_doubles_nothing sends a mixed
// workload (valid CloudEvents, legacy bodies, duplicates, every invalid kind)
// while the processor is SIGKILLed at random moments and restarted, Postgres
// is restarted once, and a second instance runs for a third of the kills.
// Afterwards every valid event is stored exactly once and every invalid one
// has exactly one poison record.
func TestKill_processor_killed_at_random_loses_and_doubles_nothing(t *testing.T) {
	cfg := loadKillConfig(t)
	cluster := harness.StartCluster(t)
	pool := cluster.Pool()
	q := harness.NewQueue(t, 50, 5*time.Second)
	tenants := harness.Registry(t).Tenants()
	msgs := harness.Workload(t, cfg.seed, cfg.events, harness.MixedWorkload)
	r := &killRun{
		t: t, cfg: cfg, rng: rand.New(rand.NewPCG(cfg.seed, 1)), cluster: cluster,
		env: harness.Env(cluster.URL(), q, nil), procs: map[string]*harness.Process{},
	}
	started := time.Now()
	r.start("a")

	var progress atomic.Int64
	sentCh := make(chan []harness.Sent, 1)
	go func() {
		sent, err := q.SendPaced(context.Background(), msgs, cfg.rate, &progress)
		if err != nil {
			t.Errorf("send: %v", err)
		}
		sentCh <- sent
	}()
	r.chaos(&progress)
	sent := <-sentCh
	require.Len(t, sent, cfg.events, "every message sent")

	exp := harness.Expect(sent)
	outcome, complete := harness.AwaitOutcome(t, pool, q, exp, tenants, drainTimeout(cfg))
	if complete {
		time.Sleep(6 * time.Second) // a redelivery after the last visibility timeout would show now
		outcome, _ = harness.AwaitOutcome(t, pool, q, exp, tenants, time.Minute)
	}
	dlq, err := q.Depth(context.Background(), q.DeadLetterURL)
	require.NoError(t, err)
	exit := r.stopAll()
	figures := exp.Compare(outcome)
	t.Logf("kill test: seed %d, sent %d (%d valid events, %d invalid), kills %d, restarts %d, postgres restarts 1 (down %s), "+
		"two instances for %d kills, elapsed %s\nkill test: %s, in DLQ %d",
		cfg.seed, len(sent), len(exp.Stored), exp.Poisoned(), r.kills, r.restarts, r.pgDown.Round(time.Millisecond),
		cfg.kills/3, time.Since(started).Round(time.Second), figures, dlq)
	for _, p := range figures.Problems {
		t.Log(p)
	}
	require.Empty(t, r.crashes, "processor exits nobody asked for")
	require.True(t, complete, "everything processed within %s: %s", drainTimeout(cfg), figures)
	require.True(t, figures.OK(), figures.String())
	require.Zero(t, dlq, "messages in the dead-letter queue")
	require.Equal(t, 0, exit, "exit code of the last instance after SIGTERM")
}

func drainTimeout(cfg killConfig) time.Duration {
	return 2*time.Minute + time.Duration(cfg.events)*10*time.Millisecond
}

// chaos kills a random running instance cfg.kills times at random moments,
// restarting it each time; restarts Postgres after half the kills; runs a
// second instance from a third to two thirds of the kills.
func (r *killRun) chaos(progress *atomic.Int64) {
	for r.kills < r.cfg.kills {
		r.sleepRandom()
		switch r.kills {
		case r.cfg.kills / 3:
			r.start("b")
		case r.cfg.kills / 2:
			r.restartPostgres()
		}
		if _, ok := r.procs["b"]; ok && r.kills >= 2*r.cfg.kills/3 {
			r.kill("b") // the second instance's time is up
			delete(r.procs, "b")
			r.t.Logf("kill %d: b killed for good; %d messages sent so far", r.kills, progress.Load())
			continue
		}
		victim := r.pick()
		r.kill(victim)
		r.start(victim)
		r.t.Logf("kill %d: %s killed and restarted; %d messages sent so far", r.kills, victim, progress.Load())
	}
}

func (r *killRun) sleepRandom() {
	d := time.Duration(r.rng.Int64N(int64(2 * r.cfg.gap)))
	time.Sleep(d)
}

func (r *killRun) pick() string {
	if _, ok := r.procs["b"]; ok && r.rng.IntN(2) == 0 {
		return "b"
	}
	return "a"
}

func (r *killRun) start(name string) {
	r.t.Helper()
	p := harness.Start(r.t, name, r.env)
	p.WaitReady(30 * time.Second)
	if _, ok := r.procs[name]; ok {
		r.restarts++
	}
	r.procs[name] = p
}

func (r *killRun) kill(name string) {
	p := r.procs[name]
	if exited, code := p.Exited(); exited {
		r.crashes = append(r.crashes, fmt.Sprintf("%s exited with %d on its own\n%s", name, code, p.LogTail(20)))
	}
	p.Kill()
	r.kills++
}

func (r *killRun) restartPostgres() {
	r.pgDown = r.cluster.Restart()
	r.t.Logf("postgres restarted (immediate shutdown) in %s", r.pgDown.Round(time.Millisecond))
	for name, p := range r.procs {
		if exited, code := p.Exited(); exited {
			r.crashes = append(r.crashes, fmt.Sprintf("%s exited with %d during the postgres restart\n%s", name, code, p.LogTail(20)))
		}
	}
}

// stopAll SIGTERMs the instances left and returns the worst exit code.
func (r *killRun) stopAll() int {
	worst := 0
	for name, p := range r.procs {
		p.Signal(os.Interrupt)
		code, ok := p.Wait(20 * time.Second)
		if !ok || code != 0 {
			r.t.Logf("%s: exit %d (in time: %v)\n%s", name, code, ok, p.LogTail(20))
			worst = max(worst, 1)
		}
	}
	return worst
}
