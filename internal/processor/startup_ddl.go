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

	"github.com/eventmesh/processor/internal/pgcode"
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
	pgcode.LockNotAvailable:     true, // lock_timeout, a table locked by another session
	pgcode.QueryCanceled:        true, // statement timeout or cancel
	pgcode.CannotConnectNow:     true, // Postgres starting or in recovery
	pgcode.SerializationFailure: true,
	pgcode.DeadlockDetected:     true, // another instance's DDL at the same time
	pgcode.TooManyConnections:   true,
}

// transientStartupError reports whether a failed start-up step may succeed
// when retried: timeouts, connection failures, locks held by another
// session. Anything else (a bad configuration or schema, a table without
// its unique index, a queue the operator configured otherwise under
// SQS_QUEUE_MISMATCH=refuse) fails start-up at once.
func transientStartupError(err error) bool {
	if code, ok := pgcode.Of(err); ok {
		return transientSQLStates[code] || pgcode.IsConnectionException(code)
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
	if !pgcode.Is(err, pgcode.LockNotAvailable) {
		return err
	}
	return fmt.Errorf("table %s locked by another session for more than lock_timeout %s (an open transaction, LOCK or CREATE INDEX?): %w", tables, timeout, err)
}
