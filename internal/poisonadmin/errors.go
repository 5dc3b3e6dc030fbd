package poisonadmin

import (
	"errors"
	"fmt"
)

// UsageError is a request that cannot be valid whatever the poison queue
// holds: an unknown class or status, a filter, id, limit, rate or page
// cursor out of range, an ambiguous id prefix, no selection for a replay or
// discard. The poison command reports it as a usage error (exit code 2).
type UsageError struct {
	Msg string
}

func (e *UsageError) Error() string { return e.Msg }

func usagef(format string, args ...any) error {
	return &UsageError{Msg: fmt.Sprintf(format, args...)}
}

// joinUsage is one *UsageError holding every non-nil error of errs, one a
// line, or nil when there is none: a request reports all its faults at once.
func joinUsage(errs ...error) error {
	if err := errors.Join(errs...); err != nil {
		return &UsageError{Msg: err.Error()}
	}
	return nil
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
