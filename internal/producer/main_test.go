package producer_test

import (
	"testing"

	"go.uber.org/goleak"

	"github.com/eventmesh/processor/internal/testenv"
)

func TestMain(m *testing.M) {
	testenv.SetProducerKeys()
	goleak.VerifyTestMain(m,
		// Idle keep-alive connections of the SDK clients the tests use.
		goleak.IgnoreAnyFunction("net/http.(*persistConn).readLoop"),
		goleak.IgnoreAnyFunction("net/http.(*persistConn).writeLoop"),
	)
}
