package registry

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"strings"
)

// Load loads the registry in fsys and compiles every schema in it. The
// layout, described in schemas/README.md:
//
//	<tenant>/tenant.json                  the tenant, its producers and event types
//	<tenant>/<event-type>/<version>.json  a JSON Schema of the event's data
//	_<name>/...                           shared schemas that others may $ref
//
// Tenant directories must match envelope.ValidTenantID, event type
// directories envelope.ValidName and version files envelope.ValidSchemaVersion
// plus ".json". Files at the root, directories starting with "." or "_" and
// non-JSON files (README.md) are not tenants or schemas and are skipped.
// Schemas without "$schema" are draft 2020-12; formats are asserted; a $ref
// may only name files of fsys, never the network or other local files.
// Any broken file fails Load with an error naming it.
func Load(fsys fs.FS) (*Registry, error) {
	l := newLoader(fsys)
	entries, err := fs.ReadDir(fsys, ".")
	if err != nil {
		return nil, fmt.Errorf("read registry: %w", err)
	}
	r := &Registry{tenants: map[string]*tenant{}}
	for _, e := range entries {
		if !e.IsDir() || skipped(e.Name()) {
			continue
		}
		t, err := l.tenant(e.Name())
		if err != nil {
			return nil, err
		}
		r.tenants[t.info.ID] = t
		r.ids = append(r.ids, t.info.ID)
	}
	if len(r.ids) == 0 {
		return nil, errors.New("registry has no tenants")
	}
	r.digest = l.digest()
	return r, nil
}

// LoadDir loads the registry in the directory dir (see Load). Symbolic links
// may not lead out of dir.
func LoadDir(dir string) (*Registry, error) {
	root, err := os.OpenRoot(dir)
	if err != nil {
		return nil, fmt.Errorf("open registry directory: %w", err)
	}
	defer root.Close()
	r, err := Load(root.FS())
	if err != nil {
		return nil, fmt.Errorf("load registry %s: %w", dir, err)
	}
	return r, nil
}

func skipped(name string) bool {
	return strings.HasPrefix(name, ".") || strings.HasPrefix(name, "_")
}
