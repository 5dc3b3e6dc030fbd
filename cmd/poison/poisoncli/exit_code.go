package poisoncli

import (
	"github.com/eventmesh/processor/internal/exitcode"
	"github.com/eventmesh/processor/internal/poisonadmin"
)

// Exit codes of the poison command, for scripts: exitcode's.
const (
	ExitOK          = exitcode.OK          // success, including "nothing to do"
	ExitFailure     = exitcode.Failure     // runtime failure: Postgres or SQS unreachable, a send failed
	ExitUsage       = exitcode.Usage       // bad command, flag, filter or id syntax
	ExitNotFound    = exitcode.NotFound    // an id matches no record, or the queue does not exist
	ExitInterrupted = exitcode.Interrupted // interrupted (SIGINT/SIGTERM); a replay can be resumed
)

// ExitClasses are the errors of the poison command's library beyond
// exitcode's own: *poisonadmin.UsageError → ExitUsage,
// *poisonadmin.NotFoundError → ExitNotFound.
var ExitClasses = []exitcode.Class{
	exitcode.As[*poisonadmin.UsageError](exitcode.Usage),
	exitcode.As[*poisonadmin.NotFoundError](exitcode.NotFound),
}

// ExitCode maps an error of Run to the command's exit code: exitcode.Of
// with ExitClasses (context.Canceled → ExitInterrupted, any other error →
// ExitFailure).
func ExitCode(err error) int {
	return exitcode.Of(err, ExitClasses...)
}
