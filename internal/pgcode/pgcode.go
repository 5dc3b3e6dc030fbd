// Package pgcode names the PostgreSQL error codes (SQLSTATE, appendix A of
// the PostgreSQL manual) that this repository classifies errors by, and
// reads the code of an error. Code compares by code, never by message
// text: messages change with the server's version and lc_messages.
//
// The names are those of github.com/jackc/pgerrcode, so that switching to
// that module is a rename of the import.
package pgcode

import (
	"errors"

	"github.com/jackc/pgx/v5/pgconn"
)

// SQLSTATE codes, by their PostgreSQL condition names.
const (
	SerializationFailure = "40001" // serialization_failure
	DeadlockDetected     = "40P01" // deadlock_detected
	UndefinedTable       = "42P01" // undefined_table: a relation that does not exist
	TooManyConnections   = "53300" // too_many_connections
	LockNotAvailable     = "55P03" // lock_not_available: lock_timeout, NOWAIT
	QueryCanceled        = "57014" // query_canceled: statement_timeout or a cancel
	CannotConnectNow     = "57P03" // cannot_connect_now: the server starting or in recovery
)

// connectionExceptionClass is the class (first two characters) of the
// connection_exception codes.
const connectionExceptionClass = "08"

// Of returns the SQLSTATE of the first *pgconn.PgError in err's chain, and
// false when err holds none (a network error, a context error, nil).
func Of(err error) (string, bool) {
	var pgErr *pgconn.PgError
	if !errors.As(err, &pgErr) {
		return "", false
	}
	return pgErr.Code, true
}

// Is reports whether err holds a *pgconn.PgError of code.
func Is(err error, code string) bool {
	got, ok := Of(err)
	return ok && got == code
}

// IsConnectionException reports whether code is of class 08,
// connection_exception.
func IsConnectionException(code string) bool {
	return len(code) == 5 && code[:2] == connectionExceptionClass
}
