package sender

import (
	"context"
	"database/sql"
	"sync"

	wsql "github.com/ThreeDotsLabs/watermill-sql/v4/pkg/sql"
)

// lockedBeginner hands watermill-sql's Subscriber transactions that one
// goroutine at a time may use. The Subscriber shares its transaction with
// the handler (sql.TxFromContext) and, when it closes while a handler runs,
// acks and commits without waiting for it (watermill-sql v4.1.2,
// Subscriber.sendMessage returns on closing): the handler's statement and
// the Subscriber's would then run on one connection at once. With the lock
// they run one after the other: the handler's rows commit without the
// offset of their event (read again later; the unique webhook-id keeps one
// row), or its statement fails on a finished transaction and the event is
// read again. Neither loses nor doubles a delivery.
type lockedBeginner struct {
	wsql.Beginner
}

func (b lockedBeginner) BeginTx(ctx context.Context, opts *sql.TxOptions) (wsql.Tx, error) {
	tx, err := b.Beginner.BeginTx(ctx, opts)
	if err != nil {
		return nil, err
	}
	return &lockedTx{tx: tx}, nil
}

type lockedTx struct {
	mu sync.Mutex
	tx wsql.Tx
}

func (t *lockedTx) ExecContext(ctx context.Context, query string, args ...any) (wsql.Result, error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.tx.ExecContext(ctx, query, args...)
}

// QueryContext holds the lock until the rows are read to the end or closed.
func (t *lockedTx) QueryContext(ctx context.Context, query string, args ...any) (wsql.Rows, error) {
	t.mu.Lock()
	rows, err := t.tx.QueryContext(ctx, query, args...)
	if err != nil {
		t.mu.Unlock()
		return nil, err
	}
	return &lockedRows{Rows: rows, unlock: sync.OnceFunc(t.mu.Unlock)}, nil
}

func (t *lockedTx) Commit() error {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.tx.Commit()
}

func (t *lockedTx) Rollback() error {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.tx.Rollback()
}

type lockedRows struct {
	wsql.Rows
	unlock func()
}

func (r *lockedRows) Next() bool {
	if r.Rows.Next() {
		return true
	}
	r.unlock() // pgx closes the rows when Next reports the end
	return false
}

func (r *lockedRows) Close() error {
	defer r.unlock()
	return r.Rows.Close()
}
