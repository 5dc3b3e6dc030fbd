package deployments_test

import (
	"os"
	"os/exec"
	"path/filepath"
	"sync"
	"testing"

	"github.com/stretchr/testify/require"
)

// Tools the tests run, taken from the Go module proxy at pinned versions
// (CI has no helm or promtool installed). The first run builds them into
// the Go build cache (a few minutes on two cores); later runs only link.
const (
	helmPackage     = "helm.sh/helm/v3/cmd/helm"
	helmVersion     = "v3.22.0"
	promtoolPackage = "github.com/prometheus/prometheus/cmd/promtool"
	// promtoolVersion is Prometheus v3.16.0 (Go module versions of
	// Prometheus 3.X.Y are v0.3XX.Y); the Compose stack runs that release.
	promtoolVersion = "v0.316.0"
)

var toolOnce sync.Map // package@version → func() (string, []byte, error)

// tool installs pkg@version into binDir once per test run and returns the
// path of its binary.
func tool(t *testing.T, pkg, version string) string {
	t.Helper()
	once, _ := toolOnce.LoadOrStore(pkg+"@"+version, sync.OnceValues(func() (string, error) {
		dir := filepath.Join(binDir, "tools", filepath.Base(pkg)+"-"+version)
		install := exec.Command("go", "install", pkg+"@"+version)
		install.Env = append(os.Environ(), "GOBIN="+dir, "CGO_ENABLED=0")
		if out, err := install.CombinedOutput(); err != nil {
			return string(out), err
		}
		return filepath.Join(dir, filepath.Base(pkg)), nil
	}))
	path, err := once.(func() (string, error))()
	require.NoError(t, err, "go install %s@%s:\n%s", pkg, version, path)
	return path
}

// run runs a tool and returns its combined output, failing the test when it
// exits non-zero.
func run(t *testing.T, dir, bin string, args ...string) string {
	t.Helper()
	cmd := exec.Command(bin, args...)
	cmd.Dir = dir
	out, err := cmd.CombinedOutput()
	require.NoError(t, err, "%s %v:\n%s", filepath.Base(bin), args, out)
	return string(out)
}
