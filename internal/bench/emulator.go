package bench

import (
	"context"
	"fmt"
	"log"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"time"

	"github.com/eventmesh/processor/internal/testbed"
)

var discardLog = log.New(discardWriter{}, "", 0)

type discardWriter struct{}

func (discardWriter) Write(p []byte) (int, error) { return len(p), nil }

// Emulator is a private SQS emulator (tools/sqs-emulator, local-aws-sqs)
// started for one benchmark run, so that no other user of the machine's
// shared emulator adds load or queues to it.
type Emulator struct {
	proc *testbed.Process
	url  string
}

// emulatorStartTimeout bounds the wait for a started emulator to answer.
const emulatorStartTimeout = 15 * time.Second

// StartEmulator starts node on dir/server.mjs on a free port and waits
// until it answers. The emulator's output goes to logPath.
func StartEmulator(ctx context.Context, dir, logPath string) (*Emulator, error) {
	if _, err := os.Stat(filepath.Join(dir, "node_modules", "local-aws-sqs")); err != nil {
		return nil, fmt.Errorf("SQS emulator not installed in %s (run `make services` or `npm ci` there): %w", dir, err)
	}
	addr, err := testbed.FreeAddr()
	if err != nil {
		return nil, err
	}
	host, port, _ := strings.Cut(addr, ":")
	proc, err := testbed.Start(testbed.Command{
		Path: "node", Args: []string{"server.mjs"}, Dir: dir, LogPath: logPath,
		Env: append(os.Environ(), "SQS_EMULATOR_PORT="+port, "SQS_EMULATOR_HOST="+host),
	})
	if err != nil {
		return nil, fmt.Errorf("start the SQS emulator: %w", err)
	}
	e := &Emulator{proc: proc, url: "http://" + addr}
	if err := testbed.WaitHTTP(ctx, e.url, emulatorStartTimeout); err != nil {
		e.Stop()
		return nil, fmt.Errorf("SQS emulator did not start (see %s): %w", logPath, err)
	}
	return e, nil
}

// URL is the emulator's endpoint.
func (e *Emulator) URL() string { return e.url }

// Pid is the emulator's process id.
func (e *Emulator) Pid() int { return e.proc.Pid() }

// Stop asks the emulator to exit (SIGTERM), without waiting.
func (e *Emulator) Stop() { e.proc.Signal(syscall.SIGTERM) }
