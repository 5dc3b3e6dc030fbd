package middleware

import (
	"context"

	"github.com/eventmesh/processor/internal/envelope"
)

type eventKey struct{}

// WithEvent returns ctx carrying the validated event of a message.
func WithEvent(ctx context.Context, ev *envelope.Event) context.Context {
	return context.WithValue(ctx, eventKey{}, ev)
}

// EventFromContext returns the event Validate stored in a message's context:
// decoded, validated against the registry, its SchemaVersion resolved.
func EventFromContext(ctx context.Context) (*envelope.Event, bool) {
	ev, ok := ctx.Value(eventKey{}).(*envelope.Event)
	return ev, ok && ev != nil
}
