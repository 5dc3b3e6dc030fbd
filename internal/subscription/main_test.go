package subscription_test

import (
	"os"
	"testing"

	"github.com/eventmesh/processor/internal/testenv"
)

// The tests load the shipped registry directly too (registry.Load), which
// resolves the producer keys its tenant files name: they set test keys.
func TestMain(m *testing.M) {
	testenv.SetProducerKeys()
	os.Exit(m.Run())
}
