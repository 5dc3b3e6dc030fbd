// Package crash tests the processor binary against crashes: SIGKILL at
// random moments, a Postgres restart, two instances at once, SIGTERM under
// load, and configurations it must refuse at start-up.
//
// The kill test runs a short version by default (2,000 events, 10 kills);
// the full one is `make test/kill`, or:
//
//	KILL_TEST_EVENTS=20000 go test -run TestKill -v -timeout 30m ./test/crash
package crash_test

import (
	"os"
	"testing"

	"github.com/eventmesh/processor/test/harness"
)

func TestMain(m *testing.M) {
	code := m.Run()
	harness.Cleanup()
	os.Exit(code)
}
