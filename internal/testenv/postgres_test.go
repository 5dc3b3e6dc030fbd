package testenv_test

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/eventmesh/processor/internal/testenv"
)

func TestFreshDatabase_is_a_database_of_the_tests_own(t *testing.T) {
	t.Parallel()
	dbURL, pool := testenv.FreshDatabase(t)
	var name string
	require.NoError(t, pool.QueryRow(t.Context(), `SELECT current_database()`).Scan(&name))
	require.Contains(t, dbURL, "/"+name+"?")
	require.Contains(t, name, "testfreshdatabase")
	var exists bool
	require.NoError(t, testenv.Postgres(t).QueryRow(t.Context(), `SELECT exists(SELECT FROM pg_database WHERE datname = $1)`, name).Scan(&exists))
	require.True(t, exists)
}

func TestFreshSchema_holds_the_tables_the_test_creates(t *testing.T) {
	t.Parallel()
	s := testenv.FreshSchema(t, "te")
	_, err := s.Pool.Exec(t.Context(), `CREATE TABLE mine (id int)`)
	require.NoError(t, err)
	var schema string
	require.NoError(t, testenv.Postgres(t).QueryRow(t.Context(),
		`SELECT schemaname FROM pg_tables WHERE tablename = 'mine' AND schemaname = $1`, s.Name).Scan(&schema))
	require.Equal(t, s.Name, schema)
	require.Contains(t, s.URL, "search_path="+s.Name)
}

func TestVia_replaces_only_host_and_port(t *testing.T) {
	t.Parallel()
	require.Equal(t, "postgres://u@127.0.0.1:9999/test?sslmode=disable",
		testenv.Via("postgres://u@127.0.0.1:5432/test?sslmode=disable", "127.0.0.1:9999"))
}
