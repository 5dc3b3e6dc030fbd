package main

import (
	"context"
	"errors"
	"flag"
)

// Exit codes of the command.
const (
	exitOK          = 0
	exitFailure     = 1 // a phase failed, or its database was not what the workload must produce
	exitUsage       = 2 // a flag out of range, malformed, or unknown
	exitInterrupted = 130
)

// usageError is a bad command line, found before any work.
type usageError struct {
	err error
}

func (e *usageError) Error() string { return e.err.Error() }
func (e *usageError) Unwrap() error { return e.err }

// exitCode maps run's error to the exit code.
func exitCode(err error) int {
	var usage *usageError
	switch {
	case err == nil, errors.Is(err, flag.ErrHelp):
		return exitOK
	case errors.As(err, &usage):
		return exitUsage
	case errors.Is(err, context.Canceled):
		return exitInterrupted
	}
	return exitFailure
}
