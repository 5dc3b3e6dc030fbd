package bench

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"github.com/eventmesh/processor/internal/testbed"
)

// Of a processor that exited during its phase, the error shows the last
// exitLogLines lines of its log, read from its last exitLogBytes bytes.
const (
	exitLogLines = 20
	exitLogBytes = 64 << 10
)

// ProcessorExitError is a processor that exited during its phase before
// the bench stopped it (it refused its configuration, say): the phase fails
// at once rather than when its queue stalls.
type ProcessorExitError struct {
	LogPath string
	Code    int    // as testbed.Process.Exited: -1 when a signal killed it
	LogTail string // the last lines of its log
}

func (e *ProcessorExitError) Error() string {
	return fmt.Sprintf("processor exited with code %d during the phase; the last lines of %s:\n%s", e.Code, e.LogPath, e.LogTail)
}

func exitError(p *testbed.Processor) *ProcessorExitError {
	_, code := p.Exited()
	return &ProcessorExitError{LogPath: p.LogPath(), Code: code, LogTail: logTail(p.LogPath(), exitLogLines, exitLogBytes)}
}

// waitDrained is WaitDrained of the n messages of the queue at url while
// procs consume them: the first of procs to exit ends the wait at once,
// with a *ProcessorExitError.
func (r *runner) waitDrained(ctx context.Context, url string, n int, procs []*testbed.Processor) (time.Time, error) {
	ctx, cancel := context.WithCancelCause(ctx)
	defer cancel(nil)
	for _, p := range procs {
		go func() {
			select {
			case <-p.Done():
				cancel(exitError(p))
			case <-ctx.Done():
			}
		}()
	}
	drained, err := WaitDrained(ctx, r.sqs, url, r.proxy.Deleted, n, r.cfg.PhaseTimeout, stallTimeout)
	var exit *ProcessorExitError
	if errors.As(context.Cause(ctx), &exit) {
		return drained, exit
	}
	return drained, err
}

// logTail is the last n lines of the file at path, out of its last
// maxBytes bytes; a note when it cannot be read.
func logTail(path string, n int, maxBytes int64) string {
	f, err := os.Open(path)
	if err != nil {
		return fmt.Sprintf("(log unreadable: %v)", err)
	}
	defer f.Close()
	if info, err := f.Stat(); err == nil && info.Size() > maxBytes {
		_, _ = f.Seek(info.Size()-maxBytes, io.SeekStart)
	}
	data, err := io.ReadAll(f)
	if err != nil {
		return fmt.Sprintf("(log unreadable: %v)", err)
	}
	lines := strings.Split(strings.TrimRight(string(data), "\n"), "\n")
	return strings.Join(lines[max(0, len(lines)-n):], "\n")
}
