package deployments_test

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"

	"github.com/stretchr/testify/require"
	"go.uber.org/goleak"

	"github.com/eventmesh/processor/internal/testenv"
)

var binDir string

// TestMain builds into a directory of its own, removed at the end; gives
// the shipped schemas' key references their test keys (the processor and
// the sender these tests start load the embedded registry, which refuses to
// start on a missing key); and fails the run if a test leaves a goroutine
// running (testenv's leak check and its one ignore list).
func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "deployments-bin-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	binDir = dir
	testenv.SetProducerKeys()
	removeBinDir := goleak.Cleanup(func(code int) {
		_ = os.RemoveAll(dir)
		os.Exit(code)
	})
	testenv.CheckLeaks(m, removeBinDir)
}

// buildOnce builds the Dockerfile's targets as it does (CGO_ENABLED=0,
// -trimpath) into binDir, once for all the tests.
var buildOnce = sync.OnceValues(func() ([]byte, error) {
	rootDir := filepath.Dir(must(os.Getwd()))
	args := []string{"build", "-trimpath", "-o", binDir + string(filepath.Separator)}
	for _, cmd := range buildTargets(rootDir) {
		args = append(args, "./cmd/"+cmd)
	}
	build := exec.Command("go", args...)
	build.Dir = rootDir
	build.Env = append(os.Environ(), "CGO_ENABLED=0")
	return build.CombinedOutput()
})

// binaries builds the Dockerfile's targets and returns their paths by name.
func binaries(t *testing.T) map[string]string {
	t.Helper()
	out, err := buildOnce()
	require.NoError(t, err, "CGO_ENABLED=0 go build of the Dockerfile's targets:\n%s", out)
	paths := map[string]string{}
	for _, cmd := range dockerfileBuilds(t) {
		paths[cmd] = filepath.Join(binDir, cmd)
	}
	return paths
}

// buildTargets are the commands that exist in cmd/ of rootDir.
func buildTargets(rootDir string) []string {
	dirs, _ := filepath.Glob(filepath.Join(rootDir, "cmd", "*", "main.go"))
	var cmds []string
	for _, d := range dirs {
		cmds = append(cmds, filepath.Base(filepath.Dir(d)))
	}
	return cmds
}

// readVariables returns the environment variables the Go files of dir read
// through envconfig (env.String("NAME", ...) and the like).
func readVariables(t *testing.T, dir string) []string {
	t.Helper()
	files, err := filepath.Glob(filepath.Join(dir, "*.go"))
	require.NoError(t, err)
	pattern := regexp.MustCompile(`env\.(?:String|Int|Float|Duration|Bool|Lookup|PositiveInt|PositiveDuration)\("([A-Z][A-Z0-9_]*)"`)
	// The variables envconfig's named readers read (internal/envconfig/common.go).
	named := map[string]string{"env.DatabaseURL()": "DATABASE_URL", "env.SchemaDir()": "SCHEMA_DIR", "env.Logger(": "LOG_LEVEL"}
	var names []string
	for _, f := range files {
		src, err := os.ReadFile(f)
		require.NoError(t, err)
		for _, m := range pattern.FindAllSubmatch(src, -1) {
			names = append(names, string(m[1]))
		}
		for call, name := range named {
			if strings.Contains(string(src), call) {
				names = append(names, name)
			}
		}
	}
	require.NotEmpty(t, names, "%s reads variables through envconfig", dir)
	return names
}

func must[T any](v T, err error) T {
	if err != nil {
		panic(err)
	}
	return v
}
