package processor_test

import (
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/eventmesh/processor/internal/envelope"
	"github.com/eventmesh/processor/internal/fixtures"
	"github.com/eventmesh/processor/internal/processor"
	"github.com/eventmesh/processor/internal/rejection"
)

// copySchemas copies the shipped schemas/ into a temporary directory.
func copySchemas(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	require.NoError(t, os.CopyFS(dir, os.DirFS("../../schemas")))
	return dir
}

// addTenant adds tenant "zeta-labs", a copy of the suspended orbit-saas
// tenant made active.
func addTenant(t *testing.T, dir string) {
	t.Helper()
	src, dst := filepath.Join(dir, "orbit-saas"), filepath.Join(dir, "zeta-labs")
	require.NoError(t, os.CopyFS(dst, os.DirFS(src)))
	raw, err := os.ReadFile(filepath.Join(dst, "tenant.json"))
	require.NoError(t, err)
	tenant := strings.NewReplacer(`"orbit-saas"`, `"zeta-labs"`, `"active": false`, `"active": true`).Replace(string(raw))
	require.NoError(t, os.WriteFile(filepath.Join(dst, "tenant.json"), []byte(tenant), 0o644))
}

func zetaEvent(t *testing.T, i int) (*envelope.Event, []byte) {
	t.Helper()
	sample, ok := fixtures.Lookup("orbit-saas", "user-signed-up", "v1")
	require.True(t, ok)
	ev := sample.ValidEvent(i)
	ev.Tenant = "zeta-labs"
	body, err := fixtures.Body(ev)
	require.NoError(t, err)
	return ev, body
}

func TestProcessor_schema_reload_under_load_loses_nothing(t *testing.T) {
	t.Parallel()
	dir := copySchemas(t)
	b := setup(t, func(c *processor.Config) { c.SchemaDir = dir })
	ev, body := zetaEvent(t, 0)
	b.publish(t, ev.ID, body)
	eventually(t, 3*time.Minute, "the unknown tenant's event poisoned", func() bool {
		return b.poisonedByClass(t)[rejection.ClassTenantUnknown] == 1
	})

	sample, ok := fixtures.Lookup("acme-shop", "customer-registered", "v1")
	require.True(t, ok)
	const flowing = 200
	var wg sync.WaitGroup
	wg.Go(func() {
		for i := range flowing {
			ev := sample.ValidEvent(i)
			body, err := fixtures.Body(ev)
			require.NoError(t, err)
			b.publish(t, ev.ID, body)
			time.Sleep(5 * time.Millisecond)
		}
	})

	time.Sleep(300 * time.Millisecond)
	addTenant(t, dir)
	require.NoError(t, b.svc.ReloadSchemas(t.Context()))
	broken := filepath.Join(dir, "acme-shop", "order-placed", "v3.json")
	require.NoError(t, os.WriteFile(broken, []byte(`{"type": "object",`), 0o644))
	err := b.svc.ReloadSchemas(t.Context())
	require.ErrorContains(t, err, "v3.json", "a broken file is named and the registry in use is kept")
	wg.Wait()

	for i := 1; i <= 5; i++ {
		ev, body := zetaEvent(t, i)
		b.publish(t, ev.ID, body)
	}
	zetaStored := func() int {
		return b.scalar(t, `SELECT count(*) FROM `+eventsTable("zeta-labs")+` WHERE metadata->>'correlation_id' = $1`, b.runID)
	}
	eventually(t, 3*time.Minute, "every event stored", func() bool {
		rows, _ := b.storedCount(t)
		return rows >= flowing && zetaStored() >= 5
	})
	time.Sleep(time.Second)
	rows, distinct := b.storedCount(t)
	require.Equal(t, flowing, rows, "events flowing during the reload are all stored")
	require.Equal(t, flowing, distinct)
	require.Equal(t, 5, zetaStored(), "the new tenant's events are stored after the reload")
	require.Equal(t, map[rejection.Class]int{rejection.ClassTenantUnknown: 1}, b.poisonedByClass(t))
}
