package harness

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"maps"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/eventmesh/processor/internal/testenv"
)

// Process is a running processor binary.
type Process struct {
	t       testing.TB
	cmd     *exec.Cmd
	name    string
	logPath string
	addr    string // HTTP_ADDR, host:port
	done    chan struct{}
	exit    int // exit code, -1 when killed by a signal; set before done closes
}

var processSeq atomic.Int64

// Start runs the processor binary with the environment env on top of a
// clean one (PATH and HOME of the test, the producers' test keys of
// testenv.ProducerKeyEnv, nothing else), and HTTP_ADDR on a
// free local port. Its stderr goes to a log file kept in a temporary
// directory of the test. The process is killed when the test ends.
func Start(t testing.TB, name string, env map[string]string) *Process {
	t.Helper()
	p := &Process{t: t, name: name, addr: FreeAddr(t), done: make(chan struct{})}
	p.logPath = filepath.Join(logDir(t), fmt.Sprintf("%s-%d.log", name, processSeq.Add(1)))
	logFile, err := os.Create(p.logPath)
	if err != nil {
		t.Fatalf("create log of %s: %v", name, err)
	}
	p.cmd = exec.Command(Binary(t))
	p.cmd.Env = environment(env, p.addr)
	p.cmd.Stdout, p.cmd.Stderr = logFile, logFile
	if err := p.cmd.Start(); err != nil {
		t.Fatalf("start %s: %v", name, err)
	}
	go p.wait(logFile)
	t.Cleanup(func() { p.Kill() })
	return p
}

func environment(env map[string]string, httpAddr string) []string {
	base := map[string]string{
		"PATH": os.Getenv("PATH"), "HOME": os.Getenv("HOME"),
		"HTTP_ADDR": httpAddr, "AWS_REGION": "us-east-1",
		"AWS_ACCESS_KEY_ID": "test", "AWS_SECRET_ACCESS_KEY": "test",
	}
	maps.Copy(base, testenv.ProducerKeyEnv())
	maps.Copy(base, env)
	out := make([]string, 0, len(base))
	for _, k := range slices.Sorted(maps.Keys(base)) {
		out = append(out, k+"="+base[k])
	}
	return out
}

func (p *Process) wait(logFile *os.File) {
	err := p.cmd.Wait()
	_ = logFile.Close()
	var exitErr *exec.ExitError
	switch {
	case err == nil:
		p.exit = 0
	case errors.As(err, &exitErr):
		p.exit = exitErr.ExitCode()
	default:
		p.exit = -2
	}
	close(p.done)
}

// Pid is the process id.
func (p *Process) Pid() int { return p.cmd.Process.Pid }

// Addr is the address of the ops endpoints.
func (p *Process) Addr() string { return p.addr }

// Done is closed when the process has exited.
func (p *Process) Done() <-chan struct{} { return p.done }

// Exited reports whether the process has exited, and its exit code (-1 when
// killed by a signal).
func (p *Process) Exited() (bool, int) {
	select {
	case <-p.done:
		return true, p.exit
	default:
		return false, 0
	}
}

// Kill sends SIGKILL and waits for the process to be gone.
func (p *Process) Kill() {
	if exited, _ := p.Exited(); exited {
		return
	}
	_ = p.cmd.Process.Signal(syscall.SIGKILL)
	<-p.done
}

// Signal sends sig without waiting.
func (p *Process) Signal(sig os.Signal) {
	_ = p.cmd.Process.Signal(sig)
}

// Wait waits up to timeout for the process to exit and returns its exit code
// and whether it exited in time.
func (p *Process) Wait(timeout time.Duration) (int, bool) {
	select {
	case <-p.done:
		return p.exit, true
	case <-time.After(timeout):
		return 0, false
	}
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
	deadline := time.Now().Add(timeout)
	client := http.Client{Timeout: time.Second}
	for time.Now().Before(deadline) {
		if exited, code := p.Exited(); exited {
			return fmt.Errorf("%s exited with code %d before it was ready", p.name, code)
		}
		resp, err := client.Get("http://" + p.addr + "/readyz")
		if err == nil {
			_, _ = io.Copy(io.Discard, resp.Body)
			_ = resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return nil
			}
		}
		time.Sleep(50 * time.Millisecond)
	}
	return fmt.Errorf("%s not ready after %s", p.name, timeout)
}

// PeakRSS is the process's peak resident set size (VmHWM) in bytes.
func (p *Process) PeakRSS() (int64, error) {
	f, err := os.Open(fmt.Sprintf("/proc/%d/status", p.Pid()))
	if err != nil {
		return 0, err
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if v, ok := strings.CutPrefix(sc.Text(), "VmHWM:"); ok {
			kb, err := strconv.ParseInt(strings.TrimSuffix(strings.TrimSpace(v), " kB"), 10, 64)
			return kb * 1024, err
		}
	}
	return 0, errors.New("no VmHWM in /proc status")
}

// Metric sums the samples of the Prometheus metric name (every label set)
// served on /metrics.
func (p *Process) Metric(name string) (float64, error) {
	client := http.Client{Timeout: 2 * time.Second}
	resp, err := client.Get("http://" + p.addr + "/metrics")
	if err != nil {
		return 0, err
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		return 0, err
	}
	var sum float64
	for line := range strings.SplitSeq(string(body), "\n") {
		rest, ok := strings.CutPrefix(line, name)
		if !ok || (rest != "" && rest[0] != '{' && rest[0] != ' ') {
			continue
		}
		fields := strings.Fields(rest[strings.LastIndex(rest, "}")+1:])
		if len(fields) == 0 {
			continue
		}
		v, err := strconv.ParseFloat(fields[0], 64)
		if err != nil {
			return 0, fmt.Errorf("metric %s: %w", line, err)
		}
		sum += v
	}
	return sum, nil
}

// Log is the whole log of the process so far.
func (p *Process) Log() string {
	b, _ := os.ReadFile(p.logPath)
	return string(b)
}

// LogTail is the last n lines of the log, for failure messages.
func (p *Process) LogTail(n int) string {
	lines := bytes.Split(bytes.TrimSpace([]byte(p.Log())), []byte("\n"))
	if len(lines) > n {
		lines = lines[len(lines)-n:]
	}
	return fmt.Sprintf("--- last lines of %s (%s)\n%s", p.name, p.logPath, bytes.Join(lines, []byte("\n")))
}

// FreeAddr returns a local address with a port that was free a moment ago.
func FreeAddr(t testing.TB) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatalf("find a free port: %v", err)
	}
	defer l.Close()
	return l.Addr().String()
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
	client := http.Client{Timeout: 3 * time.Second}
	resp, err := client.Get("http://" + addr + path)
	if err != nil {
		return 0, "", err
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	return resp.StatusCode, string(body), err
}
