package bench

import (
	"context"
	"fmt"
	"maps"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"time"
)

// BuildProcessor builds cmd/processor as production does (go build, no race
// detector, no debug flags) into dir and returns the binary's path.
func BuildProcessor(ctx context.Context, dir string) (string, error) {
	bin := filepath.Join(dir, "processor")
	cmd := exec.CommandContext(ctx, "go", "build", "-o", bin, "github.com/eventmesh/processor/cmd/processor")
	if out, err := cmd.CombinedOutput(); err != nil {
		return "", fmt.Errorf("go build cmd/processor: %w\n%s", err, out)
	}
	return bin, nil
}

// Processor is a running processor binary.
type Processor struct {
	cmd     *exec.Cmd
	addr    string // HTTP_ADDR
	logPath string
	done    chan struct{}
	err     error
	started time.Time
}

// StartProcessor runs bin with env on top of a clean environment (PATH and
// HOME only) and HTTP_ADDR on a free port; its logs go to logPath.
func StartProcessor(bin, logPath string, env map[string]string) (*Processor, error) {
	port, err := freePort()
	if err != nil {
		return nil, err
	}
	p := &Processor{addr: "127.0.0.1:" + strconv.Itoa(port), logPath: logPath, done: make(chan struct{})}
	logFile, err := os.Create(logPath)
	if err != nil {
		return nil, fmt.Errorf("create processor log: %w", err)
	}
	full := map[string]string{"PATH": os.Getenv("PATH"), "HOME": os.Getenv("HOME"), "HTTP_ADDR": p.addr}
	maps.Copy(full, env)
	p.cmd = exec.Command(bin)
	for _, k := range slices.Sorted(maps.Keys(full)) {
		p.cmd.Env = append(p.cmd.Env, k+"="+full[k])
	}
	p.cmd.Stdout, p.cmd.Stderr = logFile, logFile
	p.cmd.SysProcAttr = &syscall.SysProcAttr{Pdeathsig: syscall.SIGKILL}
	p.started = time.Now()
	if err := p.cmd.Start(); err != nil {
		_ = logFile.Close()
		return nil, fmt.Errorf("start processor: %w", err)
	}
	go func() {
		p.err = p.cmd.Wait()
		_ = logFile.Close()
		close(p.done)
	}()
	return p, nil
}

// URL is the base URL of the processor's ops endpoints.
func (p *Processor) URL() string { return "http://" + p.addr }

// Started is when the process was started.
func (p *Processor) Started() time.Time { return p.started }

// WaitReady waits until /readyz answers 200, or the process exits.
func (p *Processor) WaitReady(ctx context.Context, timeout time.Duration) error {
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	for {
		if code, _ := httpGet(ctx, p.URL()+"/readyz"); code == 200 {
			return nil
		}
		select {
		case <-p.done:
			return fmt.Errorf("processor exited during start-up (%v); see %s", p.err, p.logPath)
		case <-ctx.Done():
			return fmt.Errorf("processor not ready after %s; see %s", timeout, p.logPath)
		case <-time.After(20 * time.Millisecond):
		}
	}
}

// Usage reads the processor's CPU time (user+sys) and peak RSS from /proc.
func (p *Processor) Usage() (Usage, error) {
	return procUsage(p.cmd.Process.Pid)
}

// Stop sends SIGTERM, waits up to timeout for a clean exit, then kills.
func (p *Processor) Stop(timeout time.Duration) error {
	_ = p.cmd.Process.Signal(syscall.SIGTERM)
	select {
	case <-p.done:
		if p.err != nil {
			return fmt.Errorf("processor exited with %v; see %s", p.err, p.logPath)
		}
		return nil
	case <-time.After(timeout):
		_ = p.cmd.Process.Kill()
		<-p.done
		return fmt.Errorf("processor did not stop within %s; killed", timeout)
	}
}

// Usage is a process's resource use so far.
type Usage struct {
	CPU     time.Duration // user + system
	PeakRSS int64         // bytes (VmHWM)
}

// clockTick is the unit of utime and stime in /proc/<pid>/stat (USER_HZ,
// 100 on Linux).
const clockTick = 10 * time.Millisecond

func procUsage(pid int) (Usage, error) {
	stat, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return Usage{}, fmt.Errorf("read CPU time of %d: %w", pid, err)
	}
	// The command name may hold spaces: fields count from after its ')'.
	fields := strings.Fields(string(stat[strings.LastIndexByte(string(stat), ')')+2:]))
	utime, _ := strconv.ParseInt(fields[11], 10, 64)
	stime, _ := strconv.ParseInt(fields[12], 10, 64)
	u := Usage{CPU: time.Duration(utime+stime) * clockTick}
	status, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return u, fmt.Errorf("read memory of %d: %w", pid, err)
	}
	for line := range strings.Lines(string(status)) {
		if rest, ok := strings.CutPrefix(line, "VmHWM:"); ok {
			kb, _ := strconv.ParseInt(strings.TrimSuffix(strings.TrimSpace(rest), " kB"), 10, 64)
			u.PeakRSS = kb * 1024
		}
	}
	return u, nil
}
