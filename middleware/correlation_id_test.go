package middleware_test

import (
	"testing"

	"github.com/ThreeDotsLabs/watermill/message"
	"github.com/stretchr/testify/require"

	"github.com/eventmesh/processor/middleware"
)

func TestCorrelationID_keeps_the_producers_id_or_sets_one(t *testing.T) {
	t.Parallel()
	var seen string
	h := middleware.CorrelationID(func(msg *message.Message) ([]*message.Message, error) {
		seen = msg.Metadata.Get(middleware.CorrelationIDKey)
		return nil, nil
	})

	withID := message.NewMessage("1", nil)
	withID.Metadata.Set(middleware.CorrelationIDKey, "req-42")
	_, err := h(withID)
	require.NoError(t, err)
	require.Equal(t, "req-42", seen)

	_, err = h(message.NewMessage("2", nil))
	require.NoError(t, err)
	require.Len(t, seen, 26, "a new ULID")
}
