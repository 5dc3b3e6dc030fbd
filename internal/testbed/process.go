package testbed

import (
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"syscall"
	"time"
)

// Command is a child process to start.
type Command struct {
	Path string   // the binary
	Args []string // its arguments, without the binary
	Dir  string   // its working directory; "" is this process's
	// Env is its whole environment, KEY=value; nil passes this process's
	// environment (as os/exec does).
	Env []string
	// LogPath is the file its stdout and stderr go to, created or
	// truncated.
	LogPath string
}

// Process is a running child process. It gets SIGKILL when the process
// that started it dies, so that none outlives a test or a benchmark run.
type Process struct {
	cmd     *exec.Cmd
	logPath string
	started time.Time
	done    chan struct{}
	err     error // what Wait returned; set before done closes
}

// Start starts c. The error names the binary when it cannot be started.
func Start(c Command) (*Process, error) {
	logFile, err := os.Create(c.LogPath)
	if err != nil {
		return nil, fmt.Errorf("create log of %s: %w", filepath.Base(c.Path), err)
	}
	p := &Process{cmd: exec.Command(c.Path, c.Args...), logPath: c.LogPath, done: make(chan struct{})}
	p.cmd.Dir, p.cmd.Env = c.Dir, c.Env
	p.cmd.Stdout, p.cmd.Stderr = logFile, logFile
	p.cmd.SysProcAttr = &syscall.SysProcAttr{Pdeathsig: syscall.SIGKILL}
	p.started = time.Now()
	if err := p.cmd.Start(); err != nil {
		_ = logFile.Close()
		return nil, fmt.Errorf("start %s: %w", filepath.Base(c.Path), err)
	}
	go func() {
		p.err = p.cmd.Wait()
		_ = logFile.Close()
		close(p.done)
	}()
	return p, nil
}

// Pid is the process id.
func (p *Process) Pid() int { return p.cmd.Process.Pid }

// LogPath is the file of the process's output.
func (p *Process) LogPath() string { return p.logPath }

// Started is when the process was started.
func (p *Process) Started() time.Time { return p.started }

// Done is closed when the process has exited.
func (p *Process) Done() <-chan struct{} { return p.done }

// Exited reports whether the process has exited, and its exit code then:
// -1 when a signal killed it, -2 when waiting for it failed otherwise.
func (p *Process) Exited() (bool, int) {
	select {
	case <-p.done:
		return true, exitCode(p.err)
	default:
		return false, 0
	}
}

func exitCode(err error) int {
	var exitErr *exec.ExitError
	switch {
	case err == nil:
		return 0
	case errors.As(err, &exitErr):
		return exitErr.ExitCode()
	default:
		return -2
	}
}

// Wait waits up to timeout for the process to exit, and returns its exit
// code (as Exited) and whether it exited in time.
func (p *Process) Wait(timeout time.Duration) (int, bool) {
	select {
	case <-p.done:
		return exitCode(p.err), true
	case <-time.After(timeout):
		return 0, false
	}
}

// Signal sends sig without waiting.
func (p *Process) Signal(sig os.Signal) {
	_ = p.cmd.Process.Signal(sig)
}

// Kill sends SIGKILL, unless the process has exited, and waits until it is
// gone.
func (p *Process) Kill() {
	if exited, _ := p.Exited(); exited {
		return
	}
	p.Signal(syscall.SIGKILL)
	<-p.done
}

// Stop sends SIGTERM and waits up to timeout for the process to exit; then
// it kills it. The error says it exited with a failure (non-zero code or a
// signal) or had to be killed, and names the log.
func (p *Process) Stop(timeout time.Duration) error {
	name := filepath.Base(p.cmd.Path)
	p.Signal(syscall.SIGTERM)
	select {
	case <-p.done:
		if p.err != nil {
			return fmt.Errorf("%s exited with %w; see %s", name, p.err, p.logPath)
		}
		return nil
	case <-time.After(timeout):
		p.Kill()
		return fmt.Errorf("%s did not stop within %s; killed (see %s)", name, timeout, p.logPath)
	}
}

// Usage reads the process's CPU time and peak memory so far (ReadUsage).
func (p *Process) Usage() (Usage, error) { return ReadUsage(p.Pid()) }
