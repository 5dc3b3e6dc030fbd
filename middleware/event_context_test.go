package middleware_test

import (
	"context"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/eventmesh/processor/internal/envelope"
	"github.com/eventmesh/processor/middleware"
)

func TestEventFromContext_is_empty_without_an_event(t *testing.T) {
	t.Parallel()
	_, ok := middleware.EventFromContext(context.Background())
	require.False(t, ok)
	_, ok = middleware.EventFromContext(middleware.WithEvent(context.Background(), nil))
	require.False(t, ok)
	ev := &envelope.Event{ID: "e"}
	got, ok := middleware.EventFromContext(middleware.WithEvent(context.Background(), ev))
	require.True(t, ok)
	require.Same(t, ev, got)
}
