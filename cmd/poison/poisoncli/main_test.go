package poisoncli

import (
	"testing"

	"github.com/eventmesh/processor/internal/testenv"
)

// TestMain gives the shipped schemas' key references their test keys (the
// replays load the embedded schemas) and fails the run if a test leaves a
// goroutine running.
func TestMain(m *testing.M) {
	testenv.SetProducerKeys()
	testenv.CheckLeaks(m)
}
