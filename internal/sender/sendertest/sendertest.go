// Package sendertest gives the sender's tests their world: a Postgres
// schema of their own (through search_path, so the sender's tables and the
// tenant's topic table are the test's), a registry directory holding one
// tenant, and the event store writing its events (New, Publish); the
// tenant's endpoints (Subscribe, with Secret through SubscriptionOptions);
// and a sender configuration for tests (Config).
package sendertest

import (
	"context"
	"encoding/json"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sync"
	"testing"

	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/stretchr/testify/require"

	"github.com/eventmesh/processor/internal/envelope"
	"github.com/eventmesh/processor/internal/groupcommit"
	"github.com/eventmesh/processor/internal/store"
	"github.com/eventmesh/processor/internal/testenv"
	"github.com/eventmesh/processor/schemas"
)

// World is one test's database schema, registry directory and event store.
type World struct {
	// Tenant is the tenant of the shipped schemas the world holds.
	Tenant string
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
	ctx := context.Background()
	schema := testenv.FreshSchema(t, "sender")
	w := &World{Tenant: tenant, Schema: schema.Name, URL: schema.URL, Pool: schema.Pool, SchemaDir: t.TempDir()}
	sub, err := fs.Sub(schemas.FS, tenant)
	require.NoError(t, err)
	require.NoError(t, os.CopyFS(filepath.Join(w.SchemaDir, tenant), sub))
	w.Events, err = store.NewEventStore(w.Pool, groupcommit.Config{Writers: 2})
	require.NoError(t, err)
	t.Cleanup(w.Events.Close)
	require.NoError(t, w.Events.EnsureTenant(ctx, tenant))
	return w
}

// Publish stores n order-placed events of the tenant (v2, CloudEvents
// format, data {"n":i,"total":"12.50"}), ids prefix-0 … prefix-(n-1), all
// at once, and returns their ids.
func (w *World) Publish(t testing.TB, prefix string, n int) []string {
	t.Helper()
	ids := make([]string, n)
	errs := make(chan error, n)
	var wg sync.WaitGroup
	for i := range n {
		ids[i] = fmt.Sprintf("%s-%d", prefix, i)
		wg.Go(func() {
			_, err := w.Events.Save(context.Background(), &envelope.Event{
				ID: ids[i], Tenant: w.Tenant, Producer: "checkout-api", Type: "order-placed", SchemaVersion: "v2",
				Format: envelope.FormatCloudEvents, Data: json.RawMessage(fmt.Sprintf(`{"n":%d,"total":"12.50"}`, i)),
			}, store.Delivery{})
			errs <- err
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		require.NoError(t, err)
	}
	return ids
}
