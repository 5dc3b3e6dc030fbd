package bench

import (
	"context"
	"fmt"
	"regexp"

	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/eventmesh/processor/internal/testbed"
)

// The benchmark's databases are called "bench_" and then lowercase letters,
// digits and '_', so that a run never drops a database it did not make.
const (
	// maxDatabaseNameTail is the most characters of Config.DatabaseName
	// after "bench_".
	maxDatabaseNameTail = 38
	// phaseSuffixRoom is the room, in characters, that Config.DatabaseName
	// leaves for the "_<phase>" KeepDatabases appends: the longest phase
	// name is "processor-b-9.999s", 19 with its '_' (6 + 38 + 19 = 63 bytes,
	// Postgres's longest name).
	phaseSuffixRoom = 19
)

// DatabaseNamePattern is what Config.DatabaseName must match:
// ^bench_[a-z0-9_]{1,38}$.
var DatabaseNamePattern = benchNamePattern(maxDatabaseNameTail)

// databaseName is what a database the benchmark drops and creates must be
// called: DatabaseNamePattern with room for a phase suffix.
var databaseName = benchNamePattern(maxDatabaseNameTail + phaseSuffixRoom)

// benchNamePattern matches "bench_" followed by 1 to maxTail characters
// of [a-z0-9_].
func benchNamePattern(maxTail int) *regexp.Regexp {
	return regexp.MustCompile(fmt.Sprintf(`^bench_[a-z0-9_]{1,%d}$`, maxTail))
}

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
