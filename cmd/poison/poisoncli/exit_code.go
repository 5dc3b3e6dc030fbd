package poisoncli

import (
	"context"
	"errors"

	"github.com/eventmesh/processor/internal/poisonadmin"
)

// Exit codes of the poison command, for scripts.
const (
	ExitOK          = 0   // success, including "nothing to do"
	ExitFailure     = 1   // runtime failure: Postgres or SQS unreachable, a send failed
	ExitUsage       = 2   // bad command, flag, filter or id syntax
	ExitNotFound    = 3   // an id matches no record, or the queue does not exist
	ExitInterrupted = 130 // interrupted (SIGINT/SIGTERM); a replay can be resumed
)

// ExitCode maps an error of Run to the command's exit code:
// *poisonadmin.UsageError → ExitUsage, *poisonadmin.NotFoundError →
// ExitNotFound, context.Canceled → ExitInterrupted, any other error →
// ExitFailure.
func ExitCode(err error) int {
	var usage *poisonadmin.UsageError
	var notFound *poisonadmin.NotFoundError
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
