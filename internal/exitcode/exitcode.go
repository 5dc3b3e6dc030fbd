// Package exitcode maps a command's error to its process exit code, for the
// commands in cmd/ that share one convention: 0 success (or -h), 1 failure,
// 2 a bad command line or environment found before any work (a *UsageError),
// 130 interrupted by Ctrl-C (context.Canceled).
package exitcode

import (
	"context"
	"errors"
	"flag"
)

// Exit codes.
const (
	OK          = 0
	Failure     = 1
	Usage       = 2   // a flag or variable out of range, malformed, or unknown
	Interrupted = 130 // Ctrl-C (128 + SIGINT)
)

// UsageError is a bad command line or environment, found before any work.
type UsageError struct {
	Err error
}

// NewUsage wraps err as a *UsageError.
func NewUsage(err error) error { return &UsageError{Err: err} }

func (e *UsageError) Error() string { return e.Err.Error() }
func (e *UsageError) Unwrap() error { return e.Err }

// Of maps err to the exit code: OK for nil and flag.ErrHelp, Usage for a
// *UsageError, Interrupted for context.Canceled, Failure otherwise.
func Of(err error) int {
	var usage *UsageError
	switch {
	case err == nil, errors.Is(err, flag.ErrHelp):
		return OK
	case errors.As(err, &usage):
		return Usage
	case errors.Is(err, context.Canceled):
		return Interrupted
	}
	return Failure
}
