package deployments_test

import (
	"context"
	"net"
	"net/url"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"github.com/compose-spec/compose-go/v2/cli"
	"github.com/compose-spec/compose-go/v2/types"
	"github.com/stretchr/testify/require"
)

// root is the repository root.
func root(t *testing.T) string {
	t.Helper()
	_, file, _, ok := runtime.Caller(0)
	require.True(t, ok)
	return filepath.Dir(filepath.Dir(file))
}

// loadCompose loads deployments/docker-compose.yaml the way `docker compose
// config` does (compose-go, the library docker compose is built on):
// validated against the Compose specification, anchors merged, variables
// interpolated with their defaults (an empty environment), paths resolved.
func loadCompose(t *testing.T) *types.Project {
	t.Helper()
	opts, err := cli.NewProjectOptions(
		[]string{filepath.Join(root(t), "deployments", "docker-compose.yaml")},
		cli.WithEnv([]string{}),
		cli.WithResolvedPaths(true),
	)
	require.NoError(t, err)
	project, err := opts.LoadProject(context.Background())
	require.NoError(t, err, "docker-compose.yaml must be valid Compose")
	return project
}

func service(t *testing.T, p *types.Project, name string) types.ServiceConfig {
	t.Helper()
	s, err := p.GetService(name)
	require.NoError(t, err)
	return s
}

// env returns a service's environment as plain strings.
func env(s types.ServiceConfig) map[string]string {
	out := make(map[string]string, len(s.Environment))
	for k, v := range s.Environment {
		if v != nil {
			out[k] = *v
		}
	}
	return out
}

// hostPort returns the host and port of a URL.
func hostPort(t *testing.T, raw string) (string, string) {
	t.Helper()
	u, err := url.Parse(raw)
	require.NoError(t, err)
	return u.Hostname(), u.Port()
}

// addrPort returns the port of a listen address such as ":8080".
func addrPort(t *testing.T, addr string) string {
	t.Helper()
	_, port, err := net.SplitHostPort(addr)
	require.NoError(t, err)
	return port
}

// envTemplate returns the variables of .env-template and their values.
func envTemplate(t *testing.T) map[string]string {
	t.Helper()
	raw, err := os.ReadFile(filepath.Join(root(t), ".env-template"))
	require.NoError(t, err)
	vars := map[string]string{}
	for line := range strings.Lines(string(raw)) {
		line = strings.TrimSpace(line)
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		name, value, ok := strings.Cut(line, "=")
		require.True(t, ok, ".env-template line %q is not NAME=value", line)
		vars[name] = value
	}
	return vars
}

// devOnlyCommands are not shipped in the image: the benchmark harness needs
// the SQS emulator and a local Postgres cluster, and runs from a checkout.
var devOnlyCommands = map[string]bool{"bench": true}

// commands returns the directories of cmd/ that hold a main package and
// that the image ships.
func commands(t *testing.T) []string {
	t.Helper()
	entries, err := os.ReadDir(filepath.Join(root(t), "cmd"))
	require.NoError(t, err)
	var cmds []string
	for _, e := range entries {
		if main, _ := filepath.Glob(filepath.Join(root(t), "cmd", e.Name(), "main.go")); e.IsDir() && len(main) == 1 && !devOnlyCommands[e.Name()] {
			cmds = append(cmds, e.Name())
		}
	}
	return cmds
}
