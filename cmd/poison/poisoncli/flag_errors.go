package poisoncli

import (
	"errors"
	"fmt"
	"math"

	"github.com/eventmesh/processor/internal/exitcode"
	"github.com/eventmesh/processor/internal/poisonadmin"
)

// flagErrors collects what is wrong with a command line, so that a command
// reports every bad flag at once, before it loads schemas or connects to
// Postgres.
type flagErrors []error

// check records the message when ok is false.
func (e *flagErrors) check(ok bool, format string, args ...any) {
	if !ok {
		*e = append(*e, exitcode.Usagef(format, args...))
	}
}

// add records err, if any.
func (e *flagErrors) add(err error) {
	if err != nil {
		*e = append(*e, err)
	}
}

// err is the errors found, as one *exitcode.UsageError (exit code 2), or
// nil.
func (e flagErrors) err() error {
	if len(e) == 0 {
		return nil
	}
	return exitcode.NewUsage(fmt.Errorf("%w\n(see poison help)", errors.Join(e...)))
}

// validReplayRate reports whether rate is in (0, MaxReplayRate]: NaN and
// the infinities are not.
func validReplayRate(rate float64) bool {
	return rate > 0 && rate <= poisonadmin.MaxReplayRate && !math.IsNaN(rate)
}
