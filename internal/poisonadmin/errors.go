package poisonadmin

import (
	"context"
	"errors"
	"fmt"
)

// Exit codes of the poison command, for scripts.
const (
	ExitOK          = 0   // success, including "nothing to do"
	ExitFailure     = 1   // runtime failure: Postgres or SQS unreachable, a send failed
	ExitUsage       = 2   // bad command, flag, filter or id syntax
	ExitNotFound    = 3   // an id matches no record, or the queue does not exist
	ExitInterrupted = 130 // interrupted (SIGINT/SIGTERM); a replay can be resumed
)

// UsageError is a bad command line: an unknown command or flag, or a filter
// or id that cannot be valid.
type UsageError struct {
	Msg string
}

func (e *UsageError) Error() string { return e.Msg }

func usagef(format string, args ...any) error {
	return &UsageError{Msg: fmt.Sprintf(format, args...)}
}

// NotFoundError names something that does not exist: a record id, or the
// SQS queue of a replay.
type NotFoundError struct {
	What string // "record", "queue"
	Name string
}

func (e *NotFoundError) Error() string {
	return fmt.Sprintf("%s %q not found", e.What, e.Name)
}

// ErrBusy means another replay or discard is acting on the poison queue.
var ErrBusy = errors.New("another replay or discard is running on this poison queue; wait for it to finish")

// ExitCode maps an error returned by this package to the command's exit code.
func ExitCode(err error) int {
	var usage *UsageError
	var notFound *NotFoundError
	switch {
	case err == nil:
		return ExitOK
	case errors.As(err, &usage):
		return ExitUsage
	case errors.As(err, &notFound):
		return ExitNotFound
	case errors.Is(err, context.Canceled):
		return ExitInterrupted
	}
	return ExitFailure
}
