package middleware

import (
	"github.com/ThreeDotsLabs/watermill/message"

	"github.com/eventmesh/processor/internal/growstack"
)

// GrowStack grows the stack of the goroutine that handles the message (the
// router starts one per message) to what the rest of the chain needs, at
// once, while it is shallow: decoding and JSON Schema validation recurse
// deep enough to grow a fresh goroutine's stack several times, each time
// copying the whole of it (6% of the processor's CPU in the benchmark,
// docs/benchmarks.md). Add it first.
func GrowStack(h message.HandlerFunc) message.HandlerFunc {
	return func(msg *message.Message) ([]*message.Message, error) {
		growstack.Grow()
		return h(msg)
	}
}
