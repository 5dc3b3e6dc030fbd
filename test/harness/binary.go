package harness

import (
	"context"
	"os"
	"sync"
	"testing"

	"github.com/eventmesh/processor/internal/testbed"
)

var build struct {
	once sync.Once
	dir  string
	path string
	err  error
}

// Binary builds cmd/processor (testbed.Build) once per test binary and
// returns its path. The build lands in a temporary directory removed by
// Cleanup (call it from TestMain).
func Binary(t testing.TB) string {
	t.Helper()
	build.once.Do(func() {
		build.dir, build.err = os.MkdirTemp("", "processor-bin-")
		if build.err == nil {
			build.path, build.err = testbed.Build(context.Background(), build.dir, testbed.ProcessorPackage)
		}
	})
	if build.err != nil {
		t.Fatalf("build cmd/processor: %v", build.err)
	}
	return build.path
}

// Cleanup removes the built binary.
func Cleanup() {
	if build.dir != "" {
		_ = os.RemoveAll(build.dir)
	}
}
