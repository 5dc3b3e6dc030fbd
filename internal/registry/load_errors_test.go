package registry_test

import (
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"sync/atomic"
	"testing"
	"testing/fstest"

	"github.com/stretchr/testify/require"

	"github.com/eventmesh/processor/internal/registry"
)

func TestLoad_names_the_broken_file(t *testing.T) {
	t.Parallel()
	const tenantFile = "acme-shop/tenant.json"
	const tenantJSON = `{"id":"acme-shop","display_name":"Acme","active":true,"producers":{"checkout-api":["order-placed"]},"authentication":{"checkout-api":{"method":"none"}},"event_types":{"order-placed":{"default_version":"v2"}}}`
	tests := []struct {
		name    string
		file    string
		content string
		want    string
	}{
		{"schema is not JSON", "acme-shop/order-placed/v2.json", `{"type": "object",`, "acme-shop/order-placed/v2.json"},
		{"schema has an invalid keyword value", "acme-shop/order-placed/v2.json", `{"type": "objekt"}`, "acme-shop/order-placed/v2.json"},
		{"schema has an invalid pattern", "acme-shop/payment-captured/v1.json", `{"pattern": "(["}`, "acme-shop/payment-captured/v1.json"},
		{"schema refs a missing local file", "acme-shop/order-placed/v2.json", `{"$ref": "v7.json"}`, "acme-shop/order-placed/v7.json"},
		{"schema refs a local file outside the registry", "acme-shop/order-placed/v2.json", `{"$ref": "file:///etc/passwd"}`, "refusing to load file:///etc/passwd"},
		{"schema names an unknown meta-schema", "acme-shop/order-placed/v2.json", `{"$schema": "https://example.com/meta.json"}`, "refusing to load https://example.com/meta.json"},
		{"tenant file is not JSON", tenantFile, `{"id":`, tenantFile},
		{"tenant file has an unknown field", tenantFile, `{"id":"acme-shop","activ":true}`, tenantFile},
		{"tenant id differs from its directory", tenantFile, `{"id":"acme","display_name":"A","active":true,"event_types":{"x":{"default_version":"v1"}}}`, tenantFile},
		{"tenant file without active", tenantFile, `{"id":"acme-shop","display_name":"A","event_types":{"x":{"default_version":"v1"}}}`, tenantFile},
		{"producer emits an unknown type", tenantFile, `{"id":"acme-shop","display_name":"A","active":true,"producers":{"p":["nope"]},"authentication":{"p":{"method":"none"}},"event_types":{"order-placed":{"default_version":"v2"}}}`, tenantFile},
		{"producer id in upper case", tenantFile, `{"id":"acme-shop","display_name":"A","active":true,"producers":{"P":["order-placed"]},"authentication":{"P":{"method":"none"}},"event_types":{"order-placed":{"default_version":"v2"}}}`, tenantFile},
		{"default version without a file", tenantFile, `{"id":"acme-shop","display_name":"A","active":true,"event_types":{"order-placed":{"default_version":"v3"},"payment-captured":{"default_version":"v1"},"customer-registered":{"default_version":"v1"},"shipment-dispatched":{"default_version":"v1"}}}`, "default_version v3"},
		{"event type directory not in the tenant file", tenantFile, tenantJSON, "acme-shop/customer-registered"},
		{"version file with a bad name", "acme-shop/order-placed/latest.json", `{}`, "acme-shop/order-placed/latest.json"},
		{"schema file at the tenant level", "acme-shop/v1.json", `{}`, "acme-shop/v1.json"},
		{"tenant directory in upper case", "Acme/tenant.json", `{}`, `"Acme"`},
		{"tenant directory with a space", "acme shop/tenant.json", `{}`, `"acme shop"`},
		{"tenant directory without tenant file", "newco/order/v1.json", `{}`, "newco/tenant.json"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			m := copyFS(t)
			m[tt.file] = &fstest.MapFile{Data: []byte(tt.content)}
			_, err := registry.Load(m)
			require.ErrorContains(t, err, tt.want)
		})
	}
}

func TestLoad_never_fetches_a_remote_ref(t *testing.T) {
	t.Parallel()
	var hits atomic.Int64
	server := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		hits.Add(1)
		_, _ = w.Write([]byte(`{"type":"object"}`))
	}))
	t.Cleanup(server.Close)

	for _, ref := range []string{server.URL + "/schema.json", server.URL + "/schema.json#/$defs/x"} {
		m := copyFS(t)
		m["acme-shop/order-placed/v2.json"] = &fstest.MapFile{Data: []byte(`{"properties":{"a":{"$ref":"` + ref + `"}}}`)}
		_, err := registry.Load(m)
		require.ErrorContains(t, err, "refusing to load "+server.URL+"/schema.json")
		require.ErrorContains(t, err, "acme-shop/order-placed/v2.json")
	}
	m := copyFS(t)
	m["acme-shop/order-placed/v2.json"] = &fstest.MapFile{Data: []byte(`{"$id":"` + server.URL + `/base.json","$ref":"other.json"}`)}
	_, err := registry.Load(m)
	require.ErrorContains(t, err, "refusing to load "+server.URL+"/other.json", "relative refs under a remote $id stay refused")
	require.Zero(t, hits.Load(), "the registry fetched a remote schema")
}

func TestLoad_rejects_an_empty_registry(t *testing.T) {
	t.Parallel()
	_, err := registry.Load(fstest.MapFS{"README.md": {Data: []byte("x")}})
	require.ErrorContains(t, err, "no tenants")
}

func TestLoadDir_loads_a_copy_of_the_registry(t *testing.T) {
	t.Parallel()
	b := setup(t)
	dir := writeDir(t, copyFS(t))
	require.NoError(t, os.WriteFile(filepath.Join(dir, "README.md"), []byte("docs"), 0o644))

	reg, err := registry.LoadDir(dir)
	require.NoError(t, err)
	require.Equal(t, b.reg.Tenants(), reg.Tenants())
}

func TestLoadDir_refuses_symlinks_out_of_the_directory(t *testing.T) {
	t.Parallel()
	outside := t.TempDir()
	require.NoError(t, os.WriteFile(filepath.Join(outside, "secret.json"), []byte(`{"type":"object"}`), 0o644))
	m := copyFS(t)
	m["acme-shop/order-placed/v2.json"] = &fstest.MapFile{Data: []byte(`{"$ref":"../../_shared/secret.json"}`)}
	dir := writeDir(t, m)
	require.NoError(t, os.Symlink(filepath.Join(outside, "secret.json"), filepath.Join(dir, "_shared", "secret.json")))

	_, err := registry.LoadDir(dir)
	require.ErrorContains(t, err, "_shared/secret.json")
}

func TestLoadDir_names_a_missing_directory(t *testing.T) {
	t.Parallel()
	_, err := registry.LoadDir(filepath.Join(t.TempDir(), "nope"))
	require.ErrorContains(t, err, "nope")
}

func writeDir(t *testing.T, m fstest.MapFS) string {
	t.Helper()
	dir := t.TempDir()
	for name, f := range m {
		path := filepath.Join(dir, filepath.FromSlash(name))
		require.NoError(t, os.MkdirAll(filepath.Dir(path), 0o755))
		require.NoError(t, os.WriteFile(path, f.Data, 0o644))
	}
	return dir
}
