package testbed

import (
	"context"
	"fmt"
	"net/url"

	"github.com/jackc/pgx/v5"
)

// CreateDatabase creates the database name, empty, on the Postgres server
// of adminURL (a connection string of a user allowed to CREATE DATABASE),
// first dropping any database of that name (its sessions ended), and
// returns the new database's connection string: adminURL with the database
// replaced. The name is quoted, never interpreted.
func CreateDatabase(ctx context.Context, adminURL, name string) (string, error) {
	dbURL, err := DatabaseURL(adminURL, name)
	if err != nil {
		return "", err
	}
	if err := adminExec(ctx, adminURL, dropStatement(name), "CREATE DATABASE "+pgx.Identifier{name}.Sanitize()); err != nil {
		return "", err
	}
	return dbURL, nil
}

// DropDatabase drops the database name of adminURL's server, if it exists,
// ending its sessions.
func DropDatabase(ctx context.Context, adminURL, name string) error {
	return adminExec(ctx, adminURL, dropStatement(name))
}

func dropStatement(name string) string {
	return "DROP DATABASE IF EXISTS " + pgx.Identifier{name}.Sanitize() + " WITH (FORCE)"
}

// DatabaseURL returns the connection string serverURL (postgres://…) with
// its database replaced by name.
func DatabaseURL(serverURL, name string) (string, error) {
	u, err := url.Parse(serverURL)
	if err != nil {
		return "", fmt.Errorf("parse database URL: %w", err)
	}
	u.Path = "/" + name
	return u.String(), nil
}

// adminExec runs statements, in order, on a connection of its own to
// adminURL.
func adminExec(ctx context.Context, adminURL string, statements ...string) error {
	conn, err := pgx.Connect(ctx, adminURL)
	if err != nil {
		return fmt.Errorf("connect to postgres (%s): %w", redact(adminURL), err)
	}
	defer conn.Close(context.WithoutCancel(ctx))
	for _, s := range statements {
		if _, err := conn.Exec(ctx, s); err != nil {
			return fmt.Errorf("%s: %w", s, err)
		}
	}
	return nil
}

// redact is the connection string raw with its password hidden, for
// messages.
func redact(raw string) string {
	u, err := url.Parse(raw)
	if err != nil {
		return "(unparsable URL)"
	}
	return u.Redacted()
}
