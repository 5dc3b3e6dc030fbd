package middleware

import (
	"errors"

	"github.com/ThreeDotsLabs/watermill/message"
	wmiddleware "github.com/ThreeDotsLabs/watermill/message/router/middleware"
)

// Recoverer turns a panic in the handler into an error carrying the panic
// value and stack (Watermill's RecoveredPanicError). Such a message is
// poisoned, never retried: the same input would panic again.
func Recoverer(h message.HandlerFunc) message.HandlerFunc {
	return wmiddleware.Recoverer(h)
}

// IsPanic reports whether err comes from a recovered panic.
func IsPanic(err error) bool {
	var recovered wmiddleware.RecoveredPanicError
	return errors.As(err, &recovered)
}
