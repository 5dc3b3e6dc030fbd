package registry

import (
	"fmt"
	"os"

	"github.com/eventmesh/processor/internal/producerauth"
	"github.com/eventmesh/processor/internal/secretref"
	"github.com/eventmesh/processor/schemas"
)

// LoadDir loads the registry in the directory dir (see Load), or the
// schemas embedded in the binary (schemas.FS) when dir is "": the rule of
// every binary's SCHEMA_DIR. Symbolic links may not lead out of dir.
func LoadDir(dir string) (*Registry, error) {
	return LoadDirWithKeys(dir, secretref.Environment())
}

// LoadDirWithKeys is LoadDir resolving key references from keys.
func LoadDirWithKeys(dir string, keys producerauth.KeySource) (*Registry, error) {
	if dir == "" {
		r, err := LoadWithKeys(schemas.FS, keys)
		if err != nil {
			return nil, fmt.Errorf("load the embedded registry: %w", err)
		}
		return r, nil
	}
	root, err := os.OpenRoot(dir)
	if err != nil {
		return nil, fmt.Errorf("open registry directory: %w", err)
	}
	defer root.Close()
	r, err := LoadWithKeys(root.FS(), keys)
	if err != nil {
		return nil, fmt.Errorf("load registry %s: %w", dir, err)
	}
	return r, nil
}
