package bench

import (
	"context"
	"fmt"
	"net/url"
	"regexp"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
)

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
// server of adminURL, and connects to it.
func NewDatabase(ctx context.Context, adminURL, name string) (*Database, error) {
	if !databaseName.MatchString(name) {
		return nil, fmt.Errorf("bench database name %q must match %s", name, databaseName)
	}
	d := &Database{adminURL: adminURL, name: name}
	if err := d.admin(ctx, `DROP DATABASE IF EXISTS `+name+` WITH (FORCE)`, `CREATE DATABASE `+name); err != nil {
		return nil, err
	}
	u, err := url.Parse(adminURL)
	if err != nil {
		return nil, fmt.Errorf("parse database URL: %w", err)
	}
	u.Path = "/" + name
	d.url = u.String()
	d.pool, err = pgxpool.New(ctx, d.url)
	if err != nil {
		return nil, fmt.Errorf("connect to %s: %w", name, err)
	}
	return d, nil
}

// URL is the connection string of the database.
func (d *Database) URL() string { return d.url }

// Pool is a connection pool on the database.
func (d *Database) Pool() *pgxpool.Pool { return d.pool }

// Drop closes the pool and drops the database.
func (d *Database) Drop(ctx context.Context) error {
	d.pool.Close()
	return d.admin(ctx, `DROP DATABASE IF EXISTS `+d.name+` WITH (FORCE)`)
}

func (d *Database) admin(ctx context.Context, statements ...string) error {
	conn, err := pgx.Connect(ctx, d.adminURL)
	if err != nil {
		return fmt.Errorf("connect to postgres (%s): %w", redact(d.adminURL), err)
	}
	defer conn.Close(context.WithoutCancel(ctx))
	for _, s := range statements {
		if _, err := conn.Exec(ctx, s); err != nil {
			return fmt.Errorf("%s: %w", s, err)
		}
	}
	return nil
}

// redact hides the password of a connection string.
func redact(raw string) string {
	u, err := url.Parse(raw)
	if err != nil {
		return "(unparsable URL)"
	}
	return u.Redacted()
}
