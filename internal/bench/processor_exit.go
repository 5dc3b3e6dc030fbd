package bench

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/eventmesh/processor/internal/testbed"
)

// exitLogLines is how many of the last lines of its log the error of a
// processor that exited during its phase shows.
const exitLogLines = 20

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
	return &ProcessorExitError{LogPath: p.LogPath(), Code: code, LogTail: p.LogTail(exitLogLines)}
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
