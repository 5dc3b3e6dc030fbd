// Package exitcode maps a command's error to its process exit code, for the
// commands in cmd/ that share one convention: 0 success (or -h), 1 failure,
// 2 a bad command line or environment found before any work (a *UsageError),
// 3 something named does not exist (the operator tools' own error classes,
// given as a Class), 130 interrupted by Ctrl-C (context.Canceled). Main runs
// a command's run function with that convention.
package exitcode

import (
	"context"
	"errors"
	"flag"
	"fmt"
)

// Exit codes.
const (
	OK          = 0
	Failure     = 1
	Usage       = 2   // a flag or variable out of range, malformed, or unknown
	NotFound    = 3   // a record, delivery, endpoint or queue named does not exist
	Interrupted = 130 // Ctrl-C (128 + SIGINT)
)

// UsageError is a bad command line or environment, found before any work.
type UsageError struct {
	Err error
}

// NewUsage wraps err as a *UsageError.
func NewUsage(err error) error { return &UsageError{Err: err} }

// Usagef is a *UsageError of fmt.Errorf(format, args...).
func Usagef(format string, args ...any) error {
	return &UsageError{Err: fmt.Errorf(format, args...)}
}

func (e *UsageError) Error() string { return e.Err.Error() }
func (e *UsageError) Unwrap() error { return e.Err }

// Of maps err to the exit code: OK for nil and flag.ErrHelp, Usage for a
// *UsageError, then the code of the first of classes that matches err (a
// command's own error classes), Interrupted for context.Canceled, Failure
// otherwise.
func Of(err error, classes ...Class) int {
	var usage *UsageError
	switch {
	case err == nil, errors.Is(err, flag.ErrHelp):
		return OK
	case errors.As(err, &usage):
		return Usage
	}
	for _, c := range classes {
		if c.Matches(err) {
			return c.Code
		}
	}
	if errors.Is(err, context.Canceled) {
		return Interrupted
	}
	return Failure
}
