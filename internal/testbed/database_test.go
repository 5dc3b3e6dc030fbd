package testbed_test

import (
	"context"
	"strconv"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/stretchr/testify/require"

	"github.com/eventmesh/processor/internal/testbed"
	"github.com/eventmesh/processor/internal/testenv"
)

func itoa(n int) string { return strconv.Itoa(n) }

func TestCreateDatabase_replaces_a_database_of_the_same_name(t *testing.T) {
	t.Parallel()
	testenv.Postgres(t)
	ctx := t.Context()
	name := strings.ReplaceAll(testenv.UniqueName(t, "tb"), "-", "_")
	t.Cleanup(func() { _ = testbed.DropDatabase(context.WithoutCancel(ctx), testenv.DatabaseURL(), name) })

	dbURL, err := testbed.CreateDatabase(ctx, testenv.DatabaseURL(), name)
	require.NoError(t, err)
	pool, err := pgxpool.New(ctx, dbURL)
	require.NoError(t, err)
	_, err = pool.Exec(ctx, `CREATE TABLE left_over (id int)`)
	require.NoError(t, err)

	again, err := testbed.CreateDatabase(ctx, testenv.DatabaseURL(), name)
	pool.Close() // its sessions were ended by the drop
	require.NoError(t, err)
	require.Equal(t, dbURL, again)
	fresh := testenv.Connect(t, again)
	var tables int
	require.NoError(t, fresh.QueryRow(ctx, `SELECT count(*) FROM pg_tables WHERE tablename = 'left_over'`).Scan(&tables))
	require.Zero(t, tables, "the new database is empty")
	fresh.Close()

	require.NoError(t, testbed.DropDatabase(ctx, testenv.DatabaseURL(), name))
	var exists bool
	require.NoError(t, testenv.Postgres(t).QueryRow(ctx, `SELECT exists(SELECT FROM pg_database WHERE datname = $1)`, name).Scan(&exists))
	require.False(t, exists)
}

func TestDatabaseURL_replaces_only_the_database(t *testing.T) {
	t.Parallel()
	got, err := testbed.DatabaseURL("postgres://u:p@db.example:6432/test?sslmode=disable&search_path=x", "other")
	require.NoError(t, err)
	require.Equal(t, "postgres://u:p@db.example:6432/other?sslmode=disable&search_path=x", got)
}

func TestCreateDatabase_error_hides_the_password(t *testing.T) {
	t.Parallel()
	_, err := testbed.CreateDatabase(t.Context(), "postgres://u:secret-pw@127.0.0.1:1/test?connect_timeout=2", "x")
	require.Error(t, err)
	require.NotContains(t, err.Error(), "secret-pw")
}
