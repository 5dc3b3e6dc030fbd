package sender_test

import (
	"os"
	"testing"

	"github.com/eventmesh/processor/internal/testenv"
)

// The shipped registry names producer keys by env: reference: the tests
// set deterministic ones.
func TestMain(m *testing.M) {
	testenv.SetProducerKeys()
	os.Exit(m.Run())
}
