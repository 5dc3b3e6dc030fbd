package poisonadmin_test

import (
	"testing"

	"github.com/eventmesh/processor/internal/testenv"
)

// TestMain gives the shipped schemas' key references their test keys.
func TestMain(m *testing.M) { testenv.MainWithProducerKeys(m) }
