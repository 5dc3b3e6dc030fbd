package registry

import (
	"errors"
	"fmt"
	"io/fs"
	"strings"

	"github.com/eventmesh/processor/internal/producerauth"
	"github.com/eventmesh/processor/internal/secretref"
	"github.com/eventmesh/processor/internal/store"
)

// Load loads the registry in fsys and compiles every schema in it. The
// layout, described in schemas/README.md:
//
//	<tenant>/tenant.json                  the tenant, its producers and event types
//	<tenant>/<event-type>/<version>.json  a JSON Schema of the event's data
//	_<name>/...                           shared schemas that others may $ref
//
// Tenant directories must match store.TenantIDPattern (at most
// store.MaxTenantIDLength bytes), and no two tenants may derive the same SQL
// name (store.CheckTenantNames): every problem is reported, naming the
// tenants, before any schema is compiled. Event type directories must match
// envelope.ValidName and version files envelope.ValidSchemaVersion
// plus ".json". Files at the root, directories starting with "." or "_" and
// non-JSON files (README.md) are not tenants or schemas and are skipped.
// Schemas without "$schema" are draft 2020-12; formats are asserted; a $ref
// may only name files of fsys, never the network or other local files.
// Any broken file fails Load with an error naming it.
//
// Every producer declares its authentication (producerauth.Declaration);
// Load resolves the keys they reference from the process's environment and
// files (secretref.Environment), and fails naming the tenant and the
// producer whose key reference is missing or empty.
func Load(fsys fs.FS) (*Registry, error) {
	return LoadWithKeys(fsys, secretref.Environment())
}

// LoadWithKeys is Load resolving key references from keys.
func LoadWithKeys(fsys fs.FS, keys producerauth.KeySource) (*Registry, error) {
	l := newLoader(fsys, keys)
	entries, err := fs.ReadDir(fsys, ".")
	if err != nil {
		return nil, fmt.Errorf("read registry: %w", err)
	}
	dirs := tenantDirs(entries)
	if len(dirs) == 0 {
		return nil, errors.New("registry has no tenants")
	}
	if err := store.CheckTenantNames(dirs); err != nil {
		return nil, fmt.Errorf("tenant directories (a tenant id must match %s; it names SQL tables): %w", store.TenantIDPattern, err)
	}
	r := &Registry{tenants: map[string]*tenant{}}
	var errs []error
	for _, dir := range dirs {
		t, err := l.tenant(dir)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		r.tenants[t.info.ID] = t
		r.ids = append(r.ids, t.info.ID)
	}
	if len(errs) > 0 {
		return nil, errors.Join(errs...) // every tenant's fault at once
	}
	return r, nil
}

// tenantDirs returns the names of the tenant directories among entries,
// sorted as fs.ReadDir returns them.
func tenantDirs(entries []fs.DirEntry) []string {
	var dirs []string
	for _, e := range entries {
		if e.IsDir() && !skipped(e.Name()) {
			dirs = append(dirs, e.Name())
		}
	}
	return dirs
}

func skipped(name string) bool {
	return strings.HasPrefix(name, ".") || strings.HasPrefix(name, "_")
}
