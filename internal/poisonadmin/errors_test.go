package poisonadmin_test

import (
	"context"
	"errors"

	"github.com/eventmesh/processor/internal/poisonadmin"
)

// errKind names the kind of an error of the library, as the poison command
// maps it to an exit code.
type errKind string

const (
	errNone        errKind = "nil"
	errUsage       errKind = "*UsageError"
	errNotFound    errKind = "*NotFoundError"
	errInterrupted errKind = "context.Canceled"
	errOther       errKind = "other"
)

func kindOf(err error) errKind {
	var usage *poisonadmin.UsageError
	var notFound *poisonadmin.NotFoundError
	switch {
	case err == nil:
		return errNone
	case errors.As(err, &usage):
		return errUsage
	case errors.As(err, &notFound):
		return errNotFound
	case errors.Is(err, context.Canceled):
		return errInterrupted
	}
	return errOther
}
