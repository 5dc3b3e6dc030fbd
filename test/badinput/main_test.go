// Package badinput sends hostile and broken messages through the real
// processor binary (SQS emulator → router → Postgres) and checks that each
// ends stored or poisoned with the expected class, that the processor never
// crashes, hangs or grows without bound, that a schema with a remote $ref is
// never fetched, and that the poison tool shows hostile fields safely.
package badinput_test

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
