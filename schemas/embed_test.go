package schemas_test

import (
	"io/fs"
	"os"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/eventmesh/processor/schemas"
)

// The embed patterns must catch every JSON file of the directory, or a new
// schema would silently be missing from the binary.
func TestFS_embeds_every_json_file(t *testing.T) {
	t.Parallel()
	onDisk := os.DirFS(".")
	var files []string
	err := fs.WalkDir(onDisk, ".", func(name string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() && strings.HasSuffix(name, ".json") {
			files = append(files, name)
		}
		return err
	})
	require.NoError(t, err)
	require.NotEmpty(t, files)
	for _, name := range files {
		want, err := fs.ReadFile(onDisk, name)
		require.NoError(t, err)
		got, err := fs.ReadFile(schemas.FS, name)
		require.NoError(t, err, "%s is not embedded: extend the go:embed patterns", name)
		require.Equal(t, want, got)
	}
}
