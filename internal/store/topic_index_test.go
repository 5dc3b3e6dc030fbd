package store_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/stretchr/testify/require"

	"github.com/eventmesh/processor/internal/groupcommit"
	"github.com/eventmesh/processor/internal/store"
	"github.com/eventmesh/processor/internal/testenv"
)

// dropLater drops the named relations when the test ends.
func dropLater(t *testing.T, pool *pgxpool.Pool, names ...string) {
	t.Helper()
	t.Cleanup(func() {
		for _, name := range names {
			_, err := pool.Exec(context.WithoutCancel(t.Context()), "DROP TABLE IF EXISTS "+pgx.Identifier{name}.Sanitize()+" CASCADE")
			require.NoError(t, err)
		}
	})
}

func newEventStore(t *testing.T) (*store.EventStore, *pgxpool.Pool) {
	t.Helper()
	pool := testenv.Postgres(t)
	s, err := store.NewEventStore(pool, groupcommit.Config{Writers: 1})
	require.NoError(t, err)
	t.Cleanup(s.Close)
	return s, pool
}

// The reported input: with a tenant id of 46 bytes, the unique index's name
// was cut to the table's own, CREATE UNIQUE INDEX IF NOT EXISTS skipped it
// and every insert failed (42P10). Such an id is refused before any table.
func TestEventStore_refuses_a_tenant_id_whose_names_do_not_fit(t *testing.T) {
	t.Parallel()
	s, pool := newEventStore(t)
	tenant := fmt.Sprintf("t%d-", time.Now().UnixNano()) + strings.Repeat("x", 25) // 46 bytes
	require.Len(t, tenant, 46)
	table := "watermill_events_" + tenant
	dropLater(t, pool, table[:63])

	err := s.EnsureTenant(t.Context(), tenant)
	t.Log(err)
	var invalid *store.TenantIDError
	require.ErrorAs(t, err, &invalid)
	require.ErrorContains(t, err, tenant)
	require.ErrorContains(t, err, "over the limit of 32")
	var exists bool
	require.NoError(t, pool.QueryRow(t.Context(), `SELECT to_regclass($1) IS NOT NULL`, pgx.Identifier{table[:63]}.Sanitize()).Scan(&exists))
	require.False(t, exists, "no table is created for a refused tenant id")
}

// A relation already holding the unique index's name (here a plain index on
// the tenant's own table) made CREATE UNIQUE INDEX IF NOT EXISTS a silent
// skip: EnsureTenant now checks the table's indexes and refuses.
func TestEventStore_refuses_a_tenant_table_without_its_unique_index(t *testing.T) {
	t.Parallel()
	s, pool := newEventStore(t)
	tenant := fmt.Sprintf("idx-%d", time.Now().UnixNano())
	table := "watermill_events_" + tenant
	dropLater(t, pool, table)
	require.NoError(t, s.EnsureTenant(t.Context(), tenant))
	index := pgx.Identifier{table + "_uuid_key"}.Sanitize()
	_, err := pool.Exec(t.Context(), `DROP INDEX `+index+`; CREATE INDEX `+index+` ON `+pgx.Identifier{table}.Sanitize()+` ("uuid")`)
	require.NoError(t, err)

	err = s.EnsureTenant(t.Context(), tenant)
	t.Log(err)
	var missing *store.MissingIndexError
	require.ErrorAs(t, err, &missing)
	require.ErrorContains(t, err, tenant)
	require.ErrorContains(t, err, table)
	require.ErrorContains(t, err, table+"_uuid_key")
	require.ErrorContains(t, err, "no unique index")
}

// An old tenant "<t>_uuid_key" left its table behind: tenant <t>'s unique
// index cannot take that name, and EnsureTenant says so.
func TestEventStore_refuses_a_tenant_whose_index_name_is_another_table(t *testing.T) {
	t.Parallel()
	s, pool := newEventStore(t)
	tenant := fmt.Sprintf("idx-%d", time.Now().UnixNano())
	other := tenant + "_uuid_key"
	dropLater(t, pool, "watermill_events_"+tenant, "watermill_events_"+other)
	require.NoError(t, s.EnsureTenant(t.Context(), other))

	err := s.EnsureTenant(t.Context(), tenant)
	t.Log(err)
	require.ErrorContains(t, err, "watermill_events_"+tenant)
	require.ErrorContains(t, err, "no unique index")
	require.ErrorContains(t, err, `"watermill_events_`+other+`", is taken by a table`)
}

// A dropped index is created again: the table is repaired, not refused.
func TestEventStore_creates_a_dropped_unique_index_again(t *testing.T) {
	t.Parallel()
	s, pool := newEventStore(t)
	tenant := fmt.Sprintf("idx-%d", time.Now().UnixNano())
	table := "watermill_events_" + tenant
	dropLater(t, pool, table)
	require.NoError(t, s.EnsureTenant(t.Context(), tenant))
	_, err := pool.Exec(t.Context(), `DROP INDEX `+pgx.Identifier{table + "_uuid_key"}.Sanitize())
	require.NoError(t, err)

	require.NoError(t, s.EnsureTenant(t.Context(), tenant))
	ev := event(tenant, "e1", `{"n":1}`)
	for _, want := range []store.Outcome{store.Stored, store.Duplicate} {
		got, err := s.Save(t.Context(), ev, store.Delivery{})
		require.NoError(t, err)
		require.Equal(t, want, got)
	}
}

// The other order: tenant <t>'s unique index holds the name of tenant
// "<t>_uuid_key"'s table, whose CREATE TABLE IF NOT EXISTS is then skipped.
func TestEventStore_refuses_a_tenant_whose_table_name_is_another_index(t *testing.T) {
	t.Parallel()
	s, pool := newEventStore(t)
	tenant := fmt.Sprintf("idx-%d", time.Now().UnixNano())
	other := tenant + "_uuid_key"
	dropLater(t, pool, "watermill_events_"+tenant, "watermill_events_"+other)
	require.NoError(t, s.EnsureTenant(t.Context(), tenant))

	err := s.EnsureTenant(t.Context(), other)
	t.Log(err)
	require.ErrorContains(t, err, `"watermill_events_`+other+`" is an index`)
}
