package bench

import (
	"context"
	"fmt"
	"regexp"

	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/eventmesh/processor/internal/testbed"
)

// databaseName is what a database the benchmark drops and creates must be
// called, so that it never drops someone else's.
var databaseName = regexp.MustCompile(`^bench_[a-z0-9_]{1,50}$`)

// Database is a throwaway database of the benchmark, created empty for each
// measured phase so that its counts are exactly what the phase stored.
type Database struct {
	adminURL string
	name     string
	url      string
	pool     *pgxpool.Pool
}

// NewDatabase drops and creates the database name ("bench_…") on the
// server of adminURL (testbed.CreateDatabase), and connects to it.
func NewDatabase(ctx context.Context, adminURL, name string) (*Database, error) {
	if !databaseName.MatchString(name) {
		return nil, fmt.Errorf("bench database name %q must match %s", name, databaseName)
	}
	dbURL, err := testbed.CreateDatabase(ctx, adminURL, name)
	if err != nil {
		return nil, err
	}
	pool, err := pgxpool.New(ctx, dbURL)
	if err != nil {
		return nil, fmt.Errorf("connect to %s: %w", name, err)
	}
	return &Database{adminURL: adminURL, name: name, url: dbURL, pool: pool}, nil
}

// URL is the connection string of the database.
func (d *Database) URL() string { return d.url }

// Pool is a connection pool on the database.
func (d *Database) Pool() *pgxpool.Pool { return d.pool }

// Drop closes the pool and drops the database.
func (d *Database) Drop(ctx context.Context) error {
	d.pool.Close()
	return testbed.DropDatabase(ctx, d.adminURL, d.name)
}
