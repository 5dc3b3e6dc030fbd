package deployments_test

import (
	"os"
	"os/exec"
	"path"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// The build context keeps every file the Go build needs: sources and the
// files embedded with //go:embed (schemas, fixtures, SQL).
func TestDockerignore_keeps_what_the_build_embeds(t *testing.T) {
	t.Parallel()
	patterns := dockerignore(t)
	for _, file := range append(embeddedFiles(t), "go.mod", "go.sum", "cmd/processor/main.go") {
		require.False(t, ignored(patterns, file), "Dockerfile.dockerignore leaves %s out of the build context", file)
	}
}

func dockerignore(t *testing.T) []string {
	t.Helper()
	raw, err := os.ReadFile(filepath.Join(root(t), "deployments", "Dockerfile.dockerignore"))
	require.NoError(t, err)
	var patterns []string
	for line := range strings.Lines(string(raw)) {
		if line = strings.TrimSpace(line); line != "" && !strings.HasPrefix(line, "#") {
			patterns = append(patterns, line)
		}
	}
	return patterns
}

// embeddedFiles lists the //go:embed files of every package, relative to
// the repository root.
func embeddedFiles(t *testing.T) []string {
	t.Helper()
	list := exec.Command("go", "list", "-f", `{{$d := .Dir}}{{range .EmbedFiles}}{{$d}}/{{.}}{{"\n"}}{{end}}`, "./...")
	list.Dir = root(t)
	out, err := list.Output()
	require.NoError(t, err)
	var files []string
	for line := range strings.Lines(string(out)) {
		rel, err := filepath.Rel(root(t), strings.TrimSpace(line))
		require.NoError(t, err)
		files = append(files, filepath.ToSlash(rel))
	}
	require.NotEmpty(t, files)
	return files
}

// ignored applies .dockerignore patterns as Docker does for the ones used
// here: the last matching pattern wins, "!" re-includes, a pattern matching
// a directory matches everything under it, and "**/" matches any depth.
func ignored(patterns []string, file string) bool {
	out := false
	for _, p := range patterns {
		negate := strings.HasPrefix(p, "!")
		if matches(strings.TrimPrefix(p, "!"), file) {
			out = !negate
		}
	}
	return out
}

func matches(pattern, file string) bool {
	parts := strings.Split(file, "/")
	for i := range parts {
		prefix := strings.Join(parts[:i+1], "/")
		if ok, _ := path.Match(pattern, prefix); ok {
			return true
		}
		if rest, found := strings.CutPrefix(pattern, "**/"); found && matches(rest, strings.Join(parts[i:], "/")) {
			return true
		}
		if dir, found := strings.CutSuffix(pattern, "/**"); found && prefix == dir && i < len(parts)-1 {
			return true
		}
	}
	return false
}

func TestIgnored_applies_patterns_as_docker_does(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		patterns []string
		file     string
		want     bool
	}{
		{[]string{"schemas"}, "schemas/acme-shop/tenant.json", true},
		{[]string{"*.md"}, "README.md", true},
		{[]string{"*.md"}, "schemas/README.md", false},
		{[]string{"schemas/*.md"}, "schemas/README.md", true},
		{[]string{"**/node_modules"}, "tools/sqs-emulator/node_modules/x.js", true},
		{[]string{"tools", "!tools/keep/**"}, "tools/keep/a.go", false},
		{[]string{"tools", "!tools/keep/**"}, "tools/other/a.go", true},
		{[]string{"deployments/*.yaml"}, "deployments/Dockerfile", false},
	} {
		require.Equal(t, tc.want, ignored(tc.patterns, tc.file), "%v on %s", tc.patterns, tc.file)
	}
}
