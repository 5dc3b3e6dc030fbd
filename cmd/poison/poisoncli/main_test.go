package poisoncli

import (
	"testing"

	"github.com/eventmesh/processor/internal/testenv"
)

// TestMain fails the run if a test leaves a goroutine running.
func TestMain(m *testing.M) { testenv.CheckLeaks(m) }
