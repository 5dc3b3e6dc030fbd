package processor

import (
	"context"
	"errors"
	"fmt"
	"net"
	"strings"
	"sync"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
)

// maxDDLLockTimeout caps how long a start-up DDL statement waits for a lock
// another session holds (an operator's LOCK, a CREATE INDEX) before it fails
// with SQLSTATE 55P03 and the step is retried.
const maxDDLLockTimeout = 5 * time.Second

type ddlLockTimeoutKey struct{}

// withDDLLockTimeout marks ctx: a pool connection acquired with it sets
// lock_timeout first, and is closed when released rather than returned to
// the pool, so the setting never reaches the sessions that store events.
func withDDLLockTimeout(ctx context.Context) context.Context {
	return context.WithValue(ctx, ddlLockTimeoutKey{}, true)
}

// ddlSessions sets lock_timeout on the pool connections acquired for
// start-up DDL (pgxpool's PrepareConn and AfterRelease hooks).
type ddlSessions struct {
	timeout time.Duration
	mu      sync.Mutex
	marked  map[*pgx.Conn]bool
}

func newDDLSessions(stepTimeout time.Duration) *ddlSessions {
	return &ddlSessions{timeout: min(maxDDLLockTimeout, stepTimeout/2), marked: map[*pgx.Conn]bool{}}
}

func (d *ddlSessions) prepare(ctx context.Context, conn *pgx.Conn) (bool, error) {
	if ctx.Value(ddlLockTimeoutKey{}) == nil {
		return true, nil
	}
	d.mu.Lock()
	d.marked[conn] = true
	d.mu.Unlock()
	if _, err := conn.Exec(ctx, fmt.Sprintf("SET lock_timeout = %d", d.timeout.Milliseconds())); err != nil {
		d.afterRelease(conn) // the pool destroys it
		return false, fmt.Errorf("set lock_timeout: %w", err)
	}
	return true, nil
}

// afterRelease keeps a connection in the pool unless it served start-up DDL.
func (d *ddlSessions) afterRelease(conn *pgx.Conn) bool {
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.marked[conn] {
		delete(d.marked, conn)
		return false
	}
	return true
}

// Postgres error codes a start-up step retries.
var transientSQLStates = map[string]bool{
	"55P03": true, // lock_not_available: lock_timeout, a table locked by another session
	"57014": true, // query_canceled: statement timeout or cancel
	"57P03": true, // cannot_connect_now: Postgres starting or in recovery
	"40001": true, // serialization_failure
	"40P01": true, // deadlock_detected: another instance's DDL at the same time
	"53300": true, // too_many_connections
}

// transientStartupError reports whether a failed start-up step may succeed
// when retried: timeouts, connection failures, locks held by another
// session. Anything else (a bad configuration or schema, a table without
// its unique index, a queue the operator configured otherwise under
// SQS_QUEUE_MISMATCH=refuse) fails start-up at once.
func transientStartupError(err error) bool {
	var pgErr *pgconn.PgError
	if errors.As(err, &pgErr) {
		return transientSQLStates[pgErr.Code] || len(pgErr.Code) == 5 && pgErr.Code[:2] == "08"
	}
	var netErr net.Error
	var connectErr *pgconn.ConnectError
	return errors.Is(err, context.DeadlineExceeded) || pgconn.Timeout(err) ||
		errors.As(err, &connectErr) || errors.As(err, &netErr)
}

// describeLockTimeout rewrites a lock timeout of a step's DDL into a
// sentence naming the tables the step locks.
func describeLockTimeout(err error, tables string, timeout time.Duration) error {
	tables = strings.ReplaceAll(tables, `"`, "")
	var pgErr *pgconn.PgError
	if !errors.As(err, &pgErr) || pgErr.Code != "55P03" {
		return err
	}
	return fmt.Errorf("table %s locked by another session for more than lock_timeout %s (an open transaction, LOCK or CREATE INDEX?): %w", tables, timeout, err)
}
