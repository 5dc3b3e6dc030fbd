package middleware

import (
	"context"

	"github.com/eventmesh/processor/internal/envelope"
)

type eventKey struct{}

// WithEvent returns ctx carrying the validated event of a message. The
// handler (handlers.Event) records it before storing, for the middleware
// that names the event of a failed message (LogFailures, PoisonQueue);
// nothing reads it back to handle the message.
func WithEvent(ctx context.Context, ev *envelope.Event) context.Context {
	return context.WithValue(ctx, eventKey{}, ev)
}

// EventFromContext returns the event recorded with WithEvent in a message's
// context: decoded, authenticated, validated against the registry, its
// SchemaVersion resolved. It is absent when the message failed before its
// event was valid.
func EventFromContext(ctx context.Context) (*envelope.Event, bool) {
	ev, ok := ctx.Value(eventKey{}).(*envelope.Event)
	return ev, ok && ev != nil
}
