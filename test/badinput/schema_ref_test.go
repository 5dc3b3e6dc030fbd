package badinput_test

import (
	"io/fs"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/eventmesh/processor/schemas"
	"github.com/eventmesh/processor/test/harness"
)

// TestSchemaDir_with_a_remote_ref_is_refused_without_fetching_it starts the
// binary with a SCHEMA_DIR whose schema $refs a URL on a local server: start-up
// must fail with the reason, and the server must never be asked.
func TestSchemaDir_with_a_remote_ref_is_refused_without_fetching_it(t *testing.T) {
	t.Parallel()
	var fetched atomic.Int64
	remote := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		fetched.Add(1)
		_, _ = w.Write([]byte(`{"type":"object"}`))
	}))
	t.Cleanup(remote.Close)

	dir := t.TempDir()
	require.NoError(t, os.CopyFS(dir, schemas.FS))
	schema := filepath.Join(dir, "acme-shop", "customer-registered", "v1.json")
	_, err := fs.Stat(os.DirFS(dir), "acme-shop/customer-registered/v1.json")
	require.NoError(t, err, "the schema to tamper with exists")
	require.NoError(t, os.WriteFile(schema, []byte(`{"$schema":"https://json-schema.org/draft/2020-12/schema",
		"$ref":"`+remote.URL+`/evil.json"}`), 0o644))

	p := harness.Start(t, "remote-ref", map[string]string{
		"SCHEMA_DIR": dir, "DATABASE_URL": "postgres://postgres@127.0.0.1:1/none?sslmode=disable",
	})
	code, ok := p.Wait(15 * time.Second)
	require.True(t, ok, "start-up must fail at once\n%s", p.LogTail(10))
	require.Equal(t, 1, code)
	require.Contains(t, p.Log(), "refusing to load "+remote.URL+"/evil.json")
	require.Zero(t, fetched.Load(), "the remote $ref was fetched")
}
