package registry_test

import (
	"bytes"
	"encoding/json"
	"io/fs"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/stretchr/testify/require"

	"github.com/eventmesh/processor/internal/fixtures"
	"github.com/eventmesh/processor/internal/registry"
	"github.com/eventmesh/processor/schemas"
)

type bundle struct {
	reg *registry.Registry
}

func setup(t *testing.T) bundle {
	t.Helper()
	reg, err := registry.Load(schemas.FS)
	require.NoError(t, err)
	return bundle{reg: reg}
}

// copyFS returns the shipped registry as a MapFS, for tests that change it.
func copyFS(t *testing.T) fstest.MapFS {
	t.Helper()
	m := fstest.MapFS{}
	err := fs.WalkDir(schemas.FS, ".", func(name string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := fs.ReadFile(schemas.FS, name)
		m[name] = &fstest.MapFile{Data: data}
		return err
	})
	require.NoError(t, err)
	return m
}

// withAllActive is the shipped registry with its suspended tenants active,
// to check their schemas and fixtures.
func withAllActive(t *testing.T) *registry.Registry {
	t.Helper()
	m := copyFS(t)
	for name, f := range m {
		if strings.HasSuffix(name, "/tenant.json") {
			f.Data = bytes.Replace(f.Data, []byte(`"active": false`), []byte(`"active": true`), 1)
		}
	}
	reg, err := registry.Load(m)
	require.NoError(t, err)
	return reg
}

func TestLoad_compiles_the_shipped_registry(t *testing.T) {
	t.Parallel()
	b := setup(t)
	require.Equal(t, []string{"acme-shop", "client-1", "client-2", "client-3", "nordlys-bank", "orbit-saas", "skyline-iot"}, b.reg.Tenants())

	active, types := 0, 0
	for _, id := range b.reg.Tenants() {
		tenant, ok := b.reg.Tenant(id)
		require.True(t, ok)
		if tenant.Active {
			active++
			types += len(tenant.EventTypes)
		}
	}
	require.GreaterOrEqual(t, active, 5, "the benchmark needs 5 active tenants")
	require.GreaterOrEqual(t, types, 10, "the benchmark needs 10 event types")
}

func TestLoad_tenant_describes_producers_and_versions(t *testing.T) {
	t.Parallel()
	b := setup(t)
	acme, ok := b.reg.Tenant("acme-shop")
	require.True(t, ok)
	require.Equal(t, "Acme Shop", acme.DisplayName)
	require.True(t, acme.Active)
	require.Equal(t, []string{"order-placed", "payment-captured"}, acme.Producers["checkout-api"])
	require.Equal(t, registry.EventType{DefaultVersion: "v2", Versions: []string{"v1", "v2"}}, acme.EventTypes["order-placed"])

	acme.Producers["checkout-api"][0] = "changed"
	again, _ := b.reg.Tenant("acme-shop")
	require.Equal(t, "order-placed", again.Producers["checkout-api"][0], "Tenant returns a copy")

	suspended, ok := b.reg.Tenant("orbit-saas")
	require.True(t, ok)
	require.False(t, suspended.Active)
	_, ok = b.reg.Tenant("Acme-Shop")
	require.False(t, ok)
}

func TestLoad_every_shipped_schema_declares_its_draft(t *testing.T) {
	t.Parallel()
	err := fs.WalkDir(schemas.FS, ".", func(name string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || name == "tenant.json" || strings.HasSuffix(name, "/tenant.json") {
			return err
		}
		raw, err := fs.ReadFile(schemas.FS, name)
		require.NoError(t, err)
		var doc struct {
			Schema string `json:"$schema"`
		}
		require.NoError(t, json.Unmarshal(raw, &doc), name)
		require.Contains(t, []string{"https://json-schema.org/draft/2020-12/schema", "http://json-schema.org/draft-07/schema#"}, doc.Schema, name)
		return nil
	})
	require.NoError(t, err)
}

func TestLoad_every_schema_has_valid_and_invalid_fixtures(t *testing.T) {
	t.Parallel()
	b := setup(t)
	have := map[string]fixtures.Sample{}
	for _, s := range fixtures.Samples() {
		have[s.Name()] = s
	}
	for _, id := range b.reg.Tenants() {
		tenant, _ := b.reg.Tenant(id)
		for name, et := range tenant.EventTypes {
			for _, v := range et.Versions {
				s, ok := have[id+"/"+name+"/"+v]
				require.True(t, ok, "no fixture for %s/%s/%s", id, name, v)
				require.NotEmpty(t, s.Valid, s.Name())
				require.NotEmpty(t, s.Invalid, s.Name())
				require.Contains(t, tenant.Producers[s.Producer], name, "%s: producer %s may not emit it", s.Name(), s.Producer)
				delete(have, s.Name())
			}
		}
	}
	require.Empty(t, have, "fixtures without a schema")
}
