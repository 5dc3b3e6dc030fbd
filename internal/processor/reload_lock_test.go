package processor_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/eventmesh/processor/internal/processor"
	"github.com/eventmesh/processor/internal/testenv"
)

// A reload (SIGHUP) while an operator's transaction holds a tenant table
// (the lock CREATE INDEX takes, or stronger) returns at once: the tables of
// tenants already served are only checked in the catalog, and only the new
// tenant gets DDL.
func TestProcessor_reload_with_an_open_transaction_on_a_tenant_table_returns_promptly(t *testing.T) {
	t.Parallel()
	pool := testenv.Postgres(t)
	dir := copySchemas(t)
	cfg := testConfig(t, testenv.DatabaseURL())
	cfg.SchemaDir = dir
	svc, err := processor.New(t.Context(), cfg)
	require.NoError(t, err)
	t.Cleanup(svc.Close)

	served, tenant := fmt.Sprintf("rl-%d", time.Now().UnixNano()), fmt.Sprintf("rn-%d", time.Now().UnixNano())
	for _, id := range []string{served, tenant} {
		t.Cleanup(func() {
			_, _ = pool.Exec(context.WithoutCancel(t.Context()), `DROP TABLE IF EXISTS "watermill_events_`+id+`"`)
		})
	}
	withTenantCopy(t, dir, served)
	require.NoError(t, svc.ReloadSchemas(t.Context()))
	lock, err := pool.Begin(t.Context())
	require.NoError(t, err)
	t.Cleanup(func() { _ = lock.Rollback(context.WithoutCancel(t.Context())) })
	_, err = lock.Exec(t.Context(), `LOCK "watermill_events_`+served+`" IN ACCESS EXCLUSIVE MODE`)
	require.NoError(t, err)
	withTenantCopy(t, dir, tenant)

	began := time.Now()
	ctx, cancel := context.WithTimeout(t.Context(), 5*time.Second)
	defer cancel()
	require.NoError(t, svc.ReloadSchemas(ctx))
	took := time.Since(began)
	t.Logf("reload with tenant %s's table locked took %s", served, took)
	require.Less(t, took, 2*time.Second)
	require.True(t, processor.CurrentRegistry(svc).HasTenant(tenant), "the new tenant is served")
}
