package registry

import (
	"encoding/json"
	"fmt"
	"io/fs"
	"maps"
	"path"
	"slices"

	"github.com/eventmesh/processor/internal/secretref"
)

// KeyVariables lists, sorted and once each, the environment variables the
// "env:NAME" key references of fsys's tenant files name: what a deployment,
// a test or the benchmark must set before Load. It reads the tenant files
// only, checking nothing else.
func KeyVariables(fsys fs.FS) ([]string, error) {
	files, err := fs.Glob(fsys, path.Join("*", "tenant.json"))
	if err != nil {
		return nil, fmt.Errorf("list tenant files: %w", err)
	}
	names := map[string]bool{}
	for _, f := range files {
		var tf struct {
			Authentication map[string]struct {
				Keys []string `json:"keys"`
			} `json:"authentication"`
		}
		data, err := fs.ReadFile(fsys, f)
		if err != nil {
			return nil, fmt.Errorf("read %s: %w", f, err)
		}
		if err := json.Unmarshal(data, &tf); err != nil {
			return nil, fmt.Errorf("parse %s: %w", f, err)
		}
		for _, a := range tf.Authentication {
			for _, ref := range a.Keys {
				if name, ok := secretref.Variable(ref); ok {
					names[name] = true
				}
			}
		}
	}
	return slices.Sorted(maps.Keys(names)), nil
}
