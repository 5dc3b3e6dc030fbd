package testenv

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/eventmesh/processor/internal/testbed"
)

// connectTimeout bounds connecting to Postgres and the first ping.
const connectTimeout = 10 * time.Second

// Postgres returns a pool on the test database (DatabaseURL), closed when
// the test ends. Without Postgres the test is skipped, or failed in CI.
func Postgres(t testing.TB) *pgxpool.Pool {
	t.Helper()
	pool, err := open(DatabaseURL())
	if err != nil {
		Unavailable(t, "postgres", err)
	}
	t.Cleanup(pool.Close)
	return pool
}

// Connect returns a pool on dbURL, pinged once and closed when the test
// ends; a failure fails the test.
func Connect(t testing.TB, dbURL string) *pgxpool.Pool {
	t.Helper()
	pool, err := open(dbURL)
	if err != nil {
		t.Fatalf("connect to %s: %v", dbURL, err)
	}
	t.Cleanup(pool.Close)
	return pool
}

func open(dbURL string) (*pgxpool.Pool, error) {
	ctx, cancel := context.WithTimeout(context.Background(), connectTimeout)
	defer cancel()
	pool, err := pgxpool.New(ctx, dbURL)
	if err != nil {
		return nil, err
	}
	if err := pool.Ping(ctx); err != nil {
		pool.Close()
		return nil, err
	}
	return pool, nil
}

// FreshDatabase creates a database of the test's own on the test Postgres,
// named after the test (UniqueName), and returns its URL and a pool on it.
// The pool is closed and the database dropped when the test ends. Without
// Postgres the test is skipped, or failed in CI.
func FreshDatabase(t testing.TB) (string, *pgxpool.Pool) {
	t.Helper()
	Postgres(t)
	name := strings.ReplaceAll(UniqueName(t, "t"), "-", "_")
	ctx := context.Background()
	dbURL, err := testbed.CreateDatabase(ctx, DatabaseURL(), name)
	if err != nil {
		t.Fatalf("create database %s: %v", name, err)
	}
	t.Cleanup(func() { _ = testbed.DropDatabase(context.WithoutCancel(ctx), DatabaseURL(), name) })
	return dbURL, Connect(t, dbURL)
}

// Schema is a Postgres schema of a test's own on the test database: the
// tables a test creates without naming a schema are its own.
type Schema struct {
	Name string        // lowercase letters, digits and '_'
	URL  string        // DatabaseURL with search_path=Name
	Pool *pgxpool.Pool // on URL, closed when the test ends
}

// FreshSchema creates a schema named after prefix and the test
// (UniqueName) on the test database, dropped with everything in it when
// the test ends. Without Postgres the test is skipped, or failed in CI.
func FreshSchema(t testing.TB, prefix string) Schema {
	t.Helper()
	admin := Postgres(t)
	s := Schema{Name: strings.ReplaceAll(UniqueName(t, prefix), "-", "_")}
	ctx := context.Background()
	ident := pgx.Identifier{s.Name}.Sanitize()
	if _, err := admin.Exec(ctx, "CREATE SCHEMA "+ident); err != nil {
		t.Fatalf("create schema %s: %v", s.Name, err)
	}
	t.Cleanup(func() {
		if _, err := admin.Exec(context.WithoutCancel(ctx), "DROP SCHEMA "+ident+" CASCADE"); err != nil {
			t.Errorf("drop schema %s: %v", s.Name, err)
		}
	})
	u := mustParse(DatabaseURL())
	q := u.Query()
	q.Set("search_path", s.Name)
	u.RawQuery = q.Encode()
	s.URL = u.String()
	s.Pool = Connect(t, s.URL)
	return s
}
