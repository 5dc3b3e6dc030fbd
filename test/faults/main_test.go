// Package faults tests the processor binary with a fault-injection proxy
// (Toxiproxy, in-process) in front of Postgres and of the SQS emulator: cut,
// slowed and hung connections; handlers and retries slower than the
// visibility timeout; and a message that fails every time, which must end in
// the dead-letter queue while the others keep flowing.
package faults_test

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
