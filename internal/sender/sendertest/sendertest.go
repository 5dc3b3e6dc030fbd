// Package sendertest gives the sender's tests their world: a Postgres
// schema of their own (through search_path, so the sender's tables and the
// tenant's topic table are the test's), a registry directory holding one
// tenant, and the event store writing its events.
package sendertest

import (
	"context"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/stretchr/testify/require"

	"github.com/eventmesh/processor/internal/groupcommit"
	"github.com/eventmesh/processor/internal/store"
	"github.com/eventmesh/processor/internal/testenv"
	"github.com/eventmesh/processor/schemas"
)

// World is one test's database schema, registry directory and event store.
type World struct {
	// URL is the test database's URL with search_path set to Schema.
	URL    string
	Schema string
	Pool   *pgxpool.Pool
	// SchemaDir holds the tenant's directory of the shipped schemas; tests
	// add its _subscriptions.
	SchemaDir string
	Events    *store.EventStore
}

// New creates the world of tenant (a tenant of the shipped schemas); it is
// dropped when the test ends.
func New(t testing.TB, tenant string) *World {
	t.Helper()
	admin := testenv.Postgres(t)
	ctx := context.Background()
	w := &World{Schema: fmt.Sprintf("sender_%d", time.Now().UnixNano()), SchemaDir: t.TempDir()}
	_, err := admin.Exec(ctx, "CREATE SCHEMA "+w.Schema)
	require.NoError(t, err)
	t.Cleanup(func() {
		_, err := admin.Exec(context.WithoutCancel(ctx), "DROP SCHEMA "+w.Schema+" CASCADE")
		require.NoError(t, err)
	})
	w.URL = testenv.DatabaseURL() + "&search_path=" + w.Schema
	w.Pool, err = pgxpool.New(ctx, w.URL)
	require.NoError(t, err)
	t.Cleanup(w.Pool.Close)
	sub, err := fs.Sub(schemas.FS, tenant)
	require.NoError(t, err)
	require.NoError(t, os.CopyFS(filepath.Join(w.SchemaDir, tenant), sub))
	w.Events, err = store.NewEventStore(w.Pool, groupcommit.Config{Writers: 2})
	require.NoError(t, err)
	t.Cleanup(w.Events.Close)
	require.NoError(t, w.Events.EnsureTenant(ctx, tenant))
	return w
}
