package subscription

import (
	"encoding/base64"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"sort"
	"strings"

	"github.com/eventmesh/processor/internal/registry"
	"github.com/eventmesh/processor/internal/secretref"
	"github.com/eventmesh/processor/internal/webhook"
	"github.com/eventmesh/processor/schemas"
)

// Dir is the directory of a tenant's subscriptions, inside the tenant's
// directory of the registry; Ext the extension of their files.
const (
	Dir = "_subscriptions"
	Ext = ".jsonc"
)

// Options tune Load.
type Options struct {
	// Lookup resolves env: secret references and ${NAME} in URLs; default:
	// nothing is set.
	Lookup Lookup
	// AllowHTTP accepts http:// URLs, for local development and tests.
	// Default false: https only.
	AllowHTTP bool
}

func (o Options) lookup() Lookup {
	if o.Lookup != nil {
		return o.Lookup
	}
	return func(string) (string, bool) { return "", false }
}

// Load reads every <tenant>/_subscriptions/<endpoint-id>.jsonc of fsys for
// the tenants of reg (a subscription directory of a tenant that reg does not
// know is an error). A file is one JSON object; lines whose first non-blank
// characters are "//" are comments. Every problem of every file is reported, each naming
// its file; any problem fails the load.
func Load(fsys fs.FS, reg *registry.Registry, opts Options) (*Set, error) {
	var subs []*Subscription
	var errs []error
	entries, err := fs.ReadDir(fsys, ".")
	if err != nil {
		return nil, fmt.Errorf("read subscriptions: %w", err)
	}
	for _, e := range entries {
		if _, statErr := fs.Stat(fsys, path.Join(e.Name(), Dir)); e.IsDir() && statErr == nil {
			if _, ok := reg.Tenant(e.Name()); !ok {
				errs = append(errs, fmt.Errorf("%s/%s: %q is not a tenant of the registry", e.Name(), Dir, e.Name()))
			}
		}
	}
	for _, tenant := range reg.Tenants() {
		t, _ := reg.Tenant(tenant)
		got, err := loadTenant(fsys, tenant, opts, func(et string) bool { _, ok := t.EventTypes[et]; return ok })
		subs = append(subs, got...)
		errs = append(errs, err)
	}
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}
	return NewSet(subs), nil
}

func loadTenant(fsys fs.FS, tenant string, opts Options, knownType func(string) bool) ([]*Subscription, error) {
	dir := path.Join(tenant, Dir)
	entries, err := fs.ReadDir(fsys, dir)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", dir, err)
	}
	var subs []*Subscription
	var errs []error
	for _, e := range entries {
		id, isJSON := strings.CutSuffix(e.Name(), Ext)
		if e.IsDir() || !isJSON || strings.HasPrefix(e.Name(), ".") {
			continue
		}
		name := path.Join(dir, e.Name())
		data, err := fs.ReadFile(fsys, name)
		if err != nil {
			errs = append(errs, fmt.Errorf("read %s: %w", name, err))
			continue
		}
		f, err := parseFile(data)
		if err != nil {
			errs = append(errs, fmt.Errorf("parse %s: %w", name, err))
			continue
		}
		sub, err := f.subscription(tenant, id, opts, knownType)
		if err != nil {
			errs = append(errs, fmt.Errorf("check %s: %w", name, err))
			continue
		}
		subs = append(subs, sub)
	}
	sort.Slice(subs, func(i, j int) bool { return subs[i].ID < subs[j].ID })
	return subs, errors.Join(errs...)
}

// LoadSource loads the registry and the subscriptions of schemaDir, or of
// the embedded schemas when schemaDir is "" (SCHEMA_DIR's rule): the
// registry with registry.LoadDirWithKeys, the subscriptions with Load on
// the same directory or schemas.Subscriptions.
//
// The sender never authenticates producers, so it does not hold their
// keys: the registry is loaded with a placeholder for every key reference
// (placeholderKeys), and only its tenants and event types are used.
func LoadSource(schemaDir string, opts Options) (*registry.Registry, *Set, error) {
	reg, err := registry.LoadDirWithKeys(schemaDir, placeholderKeys())
	if err != nil {
		return nil, nil, fmt.Errorf("load tenant registry: %w", err)
	}
	subsFS, where := fs.FS(schemas.Subscriptions), "embedded schemas"
	if schemaDir != "" {
		root, err := os.OpenRoot(schemaDir)
		if err != nil {
			return nil, nil, fmt.Errorf("open registry directory: %w", err)
		}
		defer root.Close()
		subsFS, where = root.FS(), schemaDir
	}
	set, err := Load(subsFS, reg, opts)
	if err != nil {
		return nil, nil, fmt.Errorf("load subscriptions of %s: %w", where, err)
	}
	return reg, set, nil
}

// placeholderKeys resolves every producer key reference to one fixed key
// that nothing signs with.
func placeholderKeys() secretref.Source {
	key := []byte(webhook.SecretPrefix + base64.StdEncoding.EncodeToString(make([]byte, 32)))
	return secretref.Source{
		LookupEnv: func(string) (string, bool) { return string(key), true },
		ReadFile:  func(string) ([]byte, error) { return key, nil },
	}
}
