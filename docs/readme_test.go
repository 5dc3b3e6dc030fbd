// Package docs_test checks that the README's layout table matches the tree:
// every command and internal package is named in it, and every path it
// names exists.
package docs_test

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

func readme(t *testing.T) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("..", "README.md"))
	require.NoError(t, err)
	return string(b)
}

// layoutPaths returns the backquoted paths in the first column of the
// README's "## Layout" table.
func layoutPaths(t *testing.T) []string {
	t.Helper()
	text := readme(t)
	start := strings.Index(text, "## Layout")
	require.GreaterOrEqual(t, start, 0, "README has a Layout section")
	var paths []string
	cell := regexp.MustCompile("`([^`]+)`")
	for _, line := range strings.Split(text[start:], "\n")[1:] {
		if strings.HasPrefix(line, "## ") {
			break
		}
		cols := strings.Split(line, "|")
		if len(cols) < 3 {
			continue
		}
		for _, m := range cell.FindAllStringSubmatch(cols[1], -1) {
			paths = append(paths, strings.TrimSuffix(m[1], "/"))
		}
	}
	return paths
}

func TestReadme_layout_names_every_command_and_internal_package(t *testing.T) {
	t.Parallel()
	named := map[string]bool{}
	for _, p := range layoutPaths(t) {
		named[p] = true
	}
	for _, parent := range []string{"cmd", "internal"} {
		entries, err := os.ReadDir(filepath.Join("..", parent))
		require.NoError(t, err)
		for _, e := range entries {
			if e.IsDir() {
				require.True(t, named[parent+"/"+e.Name()], "README layout table lacks %s/%s", parent, e.Name())
			}
		}
	}
}

func TestReadme_layout_paths_exist(t *testing.T) {
	t.Parallel()
	for _, p := range layoutPaths(t) {
		_, err := os.Stat(filepath.Join("..", p))
		require.NoError(t, err, "README layout table names %s", p)
	}
}
