package poisoncli

import (
	"github.com/eventmesh/processor/internal/exitcode"
	"github.com/eventmesh/processor/internal/poisonadmin"
)

// ExitClasses are the errors of the poison command's library beyond
// exitcode's own: *poisonadmin.UsageError → exitcode.Usage (2),
// *poisonadmin.NotFoundError → exitcode.NotFound (3).
var ExitClasses = []exitcode.Class{
	exitcode.As[*poisonadmin.UsageError](exitcode.Usage),
	exitcode.As[*poisonadmin.NotFoundError](exitcode.NotFound),
}

// ExitCode maps an error of Run to the command's exit code: exitcode.Of
// with ExitClasses (nil → exitcode.OK, context.Canceled →
// exitcode.Interrupted, any other error → exitcode.Failure).
func ExitCode(err error) int {
	return exitcode.Of(err, ExitClasses...)
}
