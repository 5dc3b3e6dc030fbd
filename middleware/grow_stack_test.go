package middleware_test

import (
	"errors"
	"testing"

	"github.com/ThreeDotsLabs/watermill/message"
	"github.com/stretchr/testify/require"

	"github.com/eventmesh/processor/middleware"
)

func TestGrowStack_passes_the_message_and_the_result_through(t *testing.T) {
	t.Parallel()
	errHandler := errors.New("handler failed")
	in := message.NewMessage("m-1", []byte("{}"))
	var got *message.Message
	produced, err := middleware.GrowStack(func(msg *message.Message) ([]*message.Message, error) {
		got = msg
		return []*message.Message{msg}, errHandler
	})(in)
	require.Same(t, in, got)
	require.Equal(t, []*message.Message{in}, produced)
	require.ErrorIs(t, err, errHandler)
}
