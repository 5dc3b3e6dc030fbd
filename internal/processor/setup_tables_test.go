package processor_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/stretchr/testify/require"

	"github.com/eventmesh/processor/internal/groupcommit"
	"github.com/eventmesh/processor/internal/processor"
	"github.com/eventmesh/processor/internal/store"
	"github.com/eventmesh/processor/internal/testenv"
)

// withTenantCopy adds tenant id to the registry in dir: a copy of the
// suspended orbit-saas tenant made active.
func withTenantCopy(t *testing.T, dir, id string) {
	t.Helper()
	dst := filepath.Join(dir, id)
	require.NoError(t, os.CopyFS(dst, os.DirFS(filepath.Join(dir, "orbit-saas"))))
	raw, err := os.ReadFile(filepath.Join(dst, "tenant.json"))
	require.NoError(t, err)
	tenant := strings.NewReplacer(`"orbit-saas"`, `"`+id+`"`, `"active": false`, `"active": true`).Replace(string(raw))
	require.NoError(t, os.WriteFile(filepath.Join(dst, "tenant.json"), []byte(tenant), 0o644))
}

// tableWithoutUniqueIndex creates tenant's events table with a plain index
// under its unique index's name, so CREATE UNIQUE INDEX IF NOT EXISTS skips:
// what a collision or a hand-made table leaves. Dropped when the test ends.
func tableWithoutUniqueIndex(t *testing.T, pool *pgxpool.Pool, tenant string) (table, index string) {
	t.Helper()
	table, index = "watermill_events_"+tenant, "watermill_events_"+tenant+"_uuid_key"
	t.Cleanup(func() {
		_, err := pool.Exec(context.WithoutCancel(t.Context()), "DROP TABLE IF EXISTS "+pgx.Identifier{table}.Sanitize())
		require.NoError(t, err)
	})
	events, err := store.NewEventStore(pool, groupcommit.Config{Writers: 1})
	require.NoError(t, err)
	defer events.Close()
	require.NoError(t, events.EnsureTenant(t.Context(), tenant))
	_, err = pool.Exec(t.Context(), "DROP INDEX "+pgx.Identifier{index}.Sanitize()+
		"; CREATE INDEX "+pgx.Identifier{index}.Sanitize()+" ON "+pgx.Identifier{table}.Sanitize()+` ("uuid")`)
	require.NoError(t, err)
	return table, index
}

func TestProcessor_refuses_to_start_when_a_tenant_table_lacks_its_unique_index(t *testing.T) {
	t.Parallel()
	pool := testenv.Postgres(t)
	tenant := fmt.Sprintf("idx-%d", time.Now().UnixNano())
	dir := copySchemas(t)
	withTenantCopy(t, dir, tenant)
	table, index := tableWithoutUniqueIndex(t, pool, tenant)
	cfg := testConfig(t, testenv.DatabaseURL())
	cfg.SchemaDir = dir

	svc, err := processor.New(t.Context(), cfg)
	if err == nil {
		svc.Close()
	}
	t.Log(err)
	var missing *store.MissingIndexError
	require.ErrorAs(t, err, &missing)
	require.ErrorContains(t, err, "tenant "+tenant)
	require.ErrorContains(t, err, `table "`+table+`" has no unique index on ("uuid")`)
	require.ErrorContains(t, err, `"`+index+`"`)
}

// The reported input: a tenant id of 46 bytes started, then every event of
// the tenant failed to insert and went to the dead-letter queue.
func TestProcessor_refuses_to_start_with_a_tenant_id_over_32_bytes(t *testing.T) {
	t.Parallel()
	tenant := "globex-corporation-enterprise-division-eu-west"
	require.Len(t, tenant, 46)
	pool := testenv.Postgres(t)
	t.Cleanup(func() { // what the processor created before the fix: a table cut to 63 bytes
		_, err := pool.Exec(context.WithoutCancel(t.Context()), "DROP TABLE IF EXISTS "+pgx.Identifier{"watermill_events_" + tenant}.Sanitize())
		require.NoError(t, err)
	})
	dir := copySchemas(t)
	withTenantCopy(t, dir, tenant)
	cfg := testConfig(t, testenv.DatabaseURL())
	cfg.SchemaDir = dir

	svc, err := processor.New(t.Context(), cfg)
	if err == nil {
		svc.Close()
	}
	require.ErrorContains(t, err, fmt.Sprintf("tenant id %q is 46 bytes, over the limit of 32", tenant))
}

// A reload that adds a tenant whose table lacks its unique index, or two
// tenants whose names collide, is refused: the registry in use stays.
func TestProcessor_reload_refuses_tenants_that_would_lose_their_unique_index(t *testing.T) {
	t.Parallel()
	pool := testenv.Postgres(t)
	dir := copySchemas(t)
	cfg := testConfig(t, testenv.DatabaseURL())
	cfg.SchemaDir = dir
	svc, err := processor.New(t.Context(), cfg)
	require.NoError(t, err)
	t.Cleanup(svc.Close)
	before := processor.CurrentRegistry(svc)

	tenant := fmt.Sprintf("idx-%d", time.Now().UnixNano())
	withTenantCopy(t, dir, tenant)
	table, _ := tableWithoutUniqueIndex(t, pool, tenant)
	err = svc.ReloadSchemas(t.Context())
	require.ErrorContains(t, err, "tenant "+tenant)
	require.ErrorContains(t, err, `table "`+table+`" has no unique index on ("uuid")`)
	require.Same(t, before, processor.CurrentRegistry(svc))

	require.NoError(t, os.RemoveAll(filepath.Join(dir, tenant)))
	withTenantCopy(t, dir, "acme-shop_pkey")
	err = svc.ReloadSchemas(t.Context())
	require.ErrorContains(t, err, `tenant "acme-shop" (primary key of table watermill_events_acme-shop) and tenant "acme-shop_pkey" (table)`)
	require.Same(t, before, processor.CurrentRegistry(svc))
}
