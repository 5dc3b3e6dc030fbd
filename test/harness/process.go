package harness

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"sync/atomic"
	"testing"
	"time"

	"github.com/eventmesh/processor/internal/testbed"
	"github.com/eventmesh/processor/internal/testenv"
)

// Process is a running processor binary (testbed.Processor) of a test:
// Pid, Addr, Done, Exited, Wait, Signal, Kill and Stop are testbed's; the
// methods below fail the test or read its log.
type Process struct {
	*testbed.Processor
	t    testing.TB
	name string
}

var processSeq atomic.Int64

// Start runs the processor binary (Binary) with the environment env on top
// of a clean one (testbed.StartProcessor: PATH, HOME and HTTP_ADDR on a
// free local port; then the emulator's region and test credentials and the
// producers' test keys of testenv.ProducerKeyEnv). Its output goes to a
// log file named after name, in TEST_PROCESS_LOG_DIR or a temporary
// directory of the test. The process is killed when the test ends.
func Start(t testing.TB, name string, env map[string]string) *Process {
	t.Helper()
	logPath := filepath.Join(logDir(t), fmt.Sprintf("%s-%d.log", name, processSeq.Add(1)))
	proc, err := testbed.StartProcessor(Binary(t), logPath, processEnv(env))
	if err != nil {
		t.Fatalf("start %s: %v", name, err)
	}
	t.Cleanup(proc.Kill)
	return &Process{Processor: proc, t: t, name: name}
}

// processEnv is env on top of the emulator's region and test credentials
// and the producers' test keys.
func processEnv(env map[string]string) map[string]string {
	base := map[string]string{"AWS_REGION": "us-east-1", "AWS_ACCESS_KEY_ID": "test", "AWS_SECRET_ACCESS_KEY": "test"}
	maps.Copy(base, testenv.ProducerKeyEnv())
	maps.Copy(base, env)
	return base
}

// WaitReady polls /readyz until it answers 200. It fails the test when the
// process exits or timeout passes first.
func (p *Process) WaitReady(timeout time.Duration) {
	p.t.Helper()
	if err := p.AwaitReady(timeout); err != nil {
		p.t.Fatalf("%v\n%s", err, p.LogTail(30))
	}
}

// AwaitReady is WaitReady returning the failure instead.
func (p *Process) AwaitReady(timeout time.Duration) error {
	if err := p.Processor.WaitReady(context.Background(), timeout); err != nil {
		return fmt.Errorf("%s: %w", p.name, err)
	}
	return nil
}

// PeakRSS is the process's peak resident set size (VmHWM) in bytes.
func (p *Process) PeakRSS() (int64, error) {
	u, err := p.Usage()
	if err == nil && u.PeakRSS == 0 {
		err = errors.New("no VmHWM in /proc status")
	}
	return u.PeakRSS, err
}

// Metric sums the samples of the Prometheus metric name (every label set)
// served on /metrics.
func (p *Process) Metric(name string) (float64, error) {
	_, body, err := testbed.Get(context.Background(), p.URL()+"/metrics", 2*time.Second)
	if err != nil {
		return 0, err
	}
	return testbed.MetricSum(body, name)
}

// Log is the whole log of the process so far.
func (p *Process) Log() string {
	b, _ := os.ReadFile(p.LogPath())
	return string(b)
}

// LogTail is the last n lines of the log, for failure messages.
func (p *Process) LogTail(n int) string {
	return fmt.Sprintf("--- last lines of %s (%s)\n%s", p.name, p.LogPath(), p.Processor.LogTail(n))
}

func logDir(t testing.TB) string {
	if dir := os.Getenv("TEST_PROCESS_LOG_DIR"); dir != "" {
		_ = os.MkdirAll(dir, 0o755)
		return dir
	}
	return t.TempDir()
}

// Get fetches path from the ops endpoints at addr (host:port) and returns
// the status code and body.
func Get(addr, path string) (int, string, error) {
	code, body, err := testbed.Get(context.Background(), "http://"+addr+path, 3*time.Second)
	return code, string(body), err
}
