package harness

import (
	"os"
	"os/exec"
	"path/filepath"
	"sync"
	"testing"
)

var build struct {
	once sync.Once
	dir  string
	path string
	err  error
	out  []byte
}

// Binary builds cmd/processor once per test binary and returns its path. The
// build lands in a temporary directory removed by Cleanup (call it from
// TestMain).
func Binary(t testing.TB) string {
	t.Helper()
	build.once.Do(func() {
		build.dir, build.err = os.MkdirTemp("", "processor-bin-")
		if build.err != nil {
			return
		}
		build.path = filepath.Join(build.dir, "processor")
		cmd := exec.Command("go", "build", "-o", build.path, "github.com/eventmesh/processor/cmd/processor")
		build.out, build.err = cmd.CombinedOutput()
	})
	if build.err != nil {
		t.Fatalf("build cmd/processor: %v\n%s", build.err, build.out)
	}
	return build.path
}

// Cleanup removes the built binary.
func Cleanup() {
	if build.dir != "" {
		_ = os.RemoveAll(build.dir)
	}
}
