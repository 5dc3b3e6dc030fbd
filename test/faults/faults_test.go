package faults_test

import (
	"testing"
	"time"

	"github.com/eventmesh/processor/internal/testenv"
	"github.com/eventmesh/processor/test/harness"
)

// fault is something done to a proxy for a while, then undone.
type fault struct {
	name   string
	proxy  func(*bundle) *testenv.FaultProxy
	inject func(*testenv.FaultProxy)
	undo   func(*testenv.FaultProxy)
	extra  map[string]string
}

func postgresProxy(b *bundle) *testenv.FaultProxy { return b.pg }
func sqsProxy(b *bundle) *testenv.FaultProxy      { return b.sqs }

var (
	cut     = func(p *testenv.FaultProxy) { p.Cut() }
	restore = func(p *testenv.FaultProxy) { p.Restore() }
	hang    = func(p *testenv.FaultProxy) { p.Hang() }
	slow    = func(p *testenv.FaultProxy) { p.AddLatency(150) }
	heal    = func(p *testenv.FaultProxy) { p.RemoveToxics() }
)

// TestFaults_cut_slow_and_hung_connections_lose_and_double_nothing sends a
// mixed workload while one fault holds for five seconds, then lifts it: every
// message ends stored or poisoned exactly once, the processor keeps running
// and nothing goes to the dead-letter queue.
func TestFaults_cut_slow_and_hung_connections_lose_and_double_nothing(t *testing.T) {
	t.Parallel()
	bounded := map[string]string{"STORE_COMMIT_TIMEOUT": "1s"}
	for _, f := range []fault{
		{name: "postgres cut", proxy: postgresProxy, inject: cut, undo: restore},
		{name: "postgres slow", proxy: postgresProxy, inject: slow, undo: heal},
		{name: "postgres hangs", proxy: postgresProxy, inject: hang, undo: heal, extra: bounded},
		{name: "sqs cut", proxy: sqsProxy, inject: cut, undo: restore},
		{name: "sqs slow", proxy: sqsProxy, inject: slow, undo: heal},
		{name: "sqs hangs", proxy: sqsProxy, inject: hang, undo: heal},
	} {
		t.Run(f.name, func(t *testing.T) {
			t.Parallel()
			b := setup(t, 50, f.extra)
			sentCh := b.sendAsync(t, 11, 600, harness.MixedWorkload, 100)
			time.Sleep(1500 * time.Millisecond)
			proxy := f.proxy(b)
			f.inject(proxy)
			time.Sleep(5 * time.Second)
			f.undo(proxy)
			b.requireExact(t, <-sentCh, 2*time.Minute)
		})
	}
}
