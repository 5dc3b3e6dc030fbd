package pgcode_test

import (
	"context"
	"errors"
	"fmt"
	"testing"

	"github.com/jackc/pgx/v5/pgconn"
	"github.com/stretchr/testify/require"

	"github.com/eventmesh/processor/internal/pgcode"
	"github.com/eventmesh/processor/internal/testenv"
)

func TestIs_reads_the_code_through_wrapping(t *testing.T) {
	t.Parallel()
	err := fmt.Errorf("read poison records: %w", &pgconn.PgError{Code: pgcode.UndefinedTable, Message: "whatever the server's language"})
	require.True(t, pgcode.Is(err, pgcode.UndefinedTable))
	require.False(t, pgcode.Is(err, pgcode.LockNotAvailable))
	require.False(t, pgcode.Is(errors.New(`relation "x" does not exist`), pgcode.UndefinedTable), "text is never compared")
	require.False(t, pgcode.Is(nil, pgcode.UndefinedTable))
}

func TestOf_is_false_without_a_postgres_error(t *testing.T) {
	t.Parallel()
	_, ok := pgcode.Of(context.DeadlineExceeded)
	require.False(t, ok)
	code, ok := pgcode.Of(&pgconn.PgError{Code: pgcode.DeadlockDetected})
	require.True(t, ok)
	require.Equal(t, pgcode.DeadlockDetected, code)
}

func TestIsConnectionException_is_class_08(t *testing.T) {
	t.Parallel()
	for code, want := range map[string]bool{"08000": true, "08006": true, "08P01": true, pgcode.QueryCanceled: false, "08": false, "": false} {
		require.Equal(t, want, pgcode.IsConnectionException(code), code)
	}
}

// The constants are the server's codes: a query on a missing table fails
// with UndefinedTable, one on a locked table with LockNotAvailable.
func TestCodes_match_the_server(t *testing.T) {
	t.Parallel()
	pool := testenv.Postgres(t)
	ctx := t.Context()
	_, err := pool.Exec(ctx, `SELECT 1 FROM pgcode_no_such_table`)
	require.True(t, pgcode.Is(err, pgcode.UndefinedTable), "%v", err)

	table := `"` + testenv.UniqueName(t, "pgcode") + `"`
	_, err = pool.Exec(ctx, `CREATE TABLE `+table+` (id int)`)
	require.NoError(t, err)
	t.Cleanup(func() { _, _ = pool.Exec(context.WithoutCancel(ctx), `DROP TABLE IF EXISTS `+table) })
	holder, err := pool.Begin(ctx)
	require.NoError(t, err)
	defer func() { _ = holder.Rollback(context.WithoutCancel(ctx)) }()
	_, err = holder.Exec(ctx, `LOCK TABLE `+table)
	require.NoError(t, err)
	_, err = pool.Exec(ctx, `SET lock_timeout = '50ms'; SELECT 1 FROM `+table)
	require.True(t, pgcode.Is(err, pgcode.LockNotAvailable), "%v", err)
}
