package exitcode

import "errors"

// Class is an error class of a command's libraries and its exit code, for
// Of and Main: the poison tool's *poisonadmin.NotFoundError is
// As[*poisonadmin.NotFoundError](NotFound).
type Class struct {
	Code int
	// Matches reports whether err, or an error it wraps, is of the class.
	Matches func(err error) bool
}

// As is the class of the errors of type T (errors.As), exiting with code.
func As[T error](code int) Class {
	return Class{Code: code, Matches: func(err error) bool {
		var target T
		return errors.As(err, &target)
	}}
}

// Is is the class of the errors that are target (errors.Is), exiting with
// code.
func Is(target error, code int) Class {
	return Class{Code: code, Matches: func(err error) bool { return errors.Is(err, target) }}
}
