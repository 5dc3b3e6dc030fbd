package poisonadmin

import (
	"context"
	"fmt"
	"time"
)

// lockActions takes the session advisory lock that lets one replay or
// discard at a time act on the poison queue of the current schema, so two
// operators never send the same record concurrently. The lock is released
// by unlock, or by Postgres when the session ends (a crashed tool holds it
// no longer).
func (a *Admin) lockActions(ctx context.Context) (unlock func(), err error) {
	conn, err := a.cfg.Pool.Acquire(ctx)
	if err != nil {
		return nil, fmt.Errorf("connect to postgres: %w", err)
	}
	const key = `hashtext('poison_actions.lock.' || current_schema())`
	var locked bool
	if err := conn.QueryRow(ctx, `SELECT pg_try_advisory_lock(`+key+`)`).Scan(&locked); err != nil {
		conn.Release()
		return nil, fmt.Errorf("take the replay lock: %w", err)
	}
	if !locked {
		conn.Release()
		return nil, ErrBusy
	}
	return func() {
		ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 5*time.Second)
		defer cancel()
		if _, err := conn.Exec(ctx, `SELECT pg_advisory_unlock(`+key+`)`); err != nil {
			conn.Conn().Close(ctx) // ending the session releases the lock
		}
		conn.Release()
	}, nil
}
