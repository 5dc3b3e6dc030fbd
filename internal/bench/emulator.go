package bench

import (
	"context"
	"fmt"
	"log"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"syscall"
	"time"
)

var discardLog = log.New(discardWriter{}, "", 0)

type discardWriter struct{}

func (discardWriter) Write(p []byte) (int, error) { return len(p), nil }

// Emulator is a private SQS emulator (tools/sqs-emulator, local-aws-sqs)
// started for one benchmark run, so that no other user of the machine's
// shared emulator adds load or queues to it.
type Emulator struct {
	cmd *exec.Cmd
	url string
}

// StartEmulator starts node on dir/server.mjs on a free port and waits
// until it answers. The emulator's output goes to logPath.
func StartEmulator(ctx context.Context, dir, logPath string) (*Emulator, error) {
	if _, err := os.Stat(filepath.Join(dir, "node_modules", "local-aws-sqs")); err != nil {
		return nil, fmt.Errorf("SQS emulator not installed in %s (run `make services` or `npm ci` there): %w", dir, err)
	}
	port, err := freePort()
	if err != nil {
		return nil, err
	}
	logFile, err := os.Create(logPath)
	if err != nil {
		return nil, fmt.Errorf("create emulator log: %w", err)
	}
	cmd := exec.Command("node", "server.mjs")
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "SQS_EMULATOR_PORT="+strconv.Itoa(port), "SQS_EMULATOR_HOST=127.0.0.1")
	cmd.Stdout, cmd.Stderr = logFile, logFile
	cmd.SysProcAttr = &syscall.SysProcAttr{Pdeathsig: syscall.SIGKILL}
	if err := cmd.Start(); err != nil {
		_ = logFile.Close()
		return nil, fmt.Errorf("start the SQS emulator: %w", err)
	}
	go func() { _ = cmd.Wait(); _ = logFile.Close() }()
	e := &Emulator{cmd: cmd, url: "http://127.0.0.1:" + strconv.Itoa(port)}
	if err := waitHTTP(ctx, e.url, 15*time.Second); err != nil {
		e.Stop()
		return nil, fmt.Errorf("SQS emulator did not start (see %s): %w", logPath, err)
	}
	return e, nil
}

// URL is the emulator's endpoint.
func (e *Emulator) URL() string { return e.url }

// Pid is the emulator's process id.
func (e *Emulator) Pid() int { return e.cmd.Process.Pid }

// Stop kills the emulator.
func (e *Emulator) Stop() {
	_ = e.cmd.Process.Signal(syscall.SIGTERM)
}

func freePort() (int, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, fmt.Errorf("find a free port: %w", err)
	}
	defer ln.Close()
	return ln.Addr().(*net.TCPAddr).Port, nil
}

// waitHTTP polls url until it answers at all, or timeout.
func waitHTTP(ctx context.Context, url string, timeout time.Duration) error {
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	client := http.Client{Timeout: time.Second}
	for {
		req, _ := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
		resp, err := client.Do(req)
		if err == nil {
			_ = resp.Body.Close()
			return nil
		}
		select {
		case <-ctx.Done():
			return err
		case <-time.After(50 * time.Millisecond):
		}
	}
}
