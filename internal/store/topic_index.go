package store

import (
	"context"
	"errors"
	"fmt"

	"github.com/jackc/pgx/v5"
)

// MissingIndexError is a topic whose table has no unique index on
// ("uuid"): its inserts (ON CONFLICT ("uuid")) would all fail and
// idempotency would be lost.
type MissingIndexError struct {
	Topic string
	Table string // unquoted
	Index string // the name EnsureTopic gives the index, unquoted
	// Problem says what is wrong with Table, and what holds Index's name
	// when something other than the expected index holds it.
	Problem string
}

func (e *MissingIndexError) Error() string {
	return fmt.Sprintf("topic %s: %s: every insert would fail and duplicates would no longer be detected; "+
		"fix the table or free the name, then start again", e.Topic, e.Problem)
}

// querier is a pool, a connection or a transaction.
type querier interface {
	QueryRow(ctx context.Context, sql string, args ...any) pgx.Row
}

// uniqueIndexQuery finds the relation that the unquoted table name resolves
// to (as the inserts' do, through the search_path) and whether it has a
// valid, immediate, non-partial unique index on exactly ("uuid"), which is
// what ON CONFLICT ("uuid") needs.
const uniqueIndexQuery = `SELECT c.relkind::text, EXISTS (
	SELECT FROM pg_index i JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = i.indkey[0]
	WHERE i.indrelid = c.oid AND i.indisunique AND i.indisvalid AND i.indimmediate
		AND i.indnkeyatts = 1 AND i.indpred IS NULL AND i.indexprs IS NULL AND a.attname = 'uuid')
FROM pg_class c WHERE c.oid = to_regclass($1)`

// verifyUniqueIndex returns a *MissingIndexError unless topic's table is a
// table with a unique index on ("uuid"), found by the table's own indexes,
// not by the index's expected name.
func verifyUniqueIndex(ctx context.Context, tx querier, topic string) error {
	table, index := messagesTable(topic), uuidIndex(topic)
	var kind string
	var indexed bool
	err := tx.QueryRow(ctx, uniqueIndexQuery, pgx.Identifier{table}.Sanitize()).Scan(&kind, &indexed)
	switch {
	case errors.Is(err, pgx.ErrNoRows):
		return &MissingIndexError{Topic: topic, Table: table, Index: index, Problem: fmt.Sprintf("table %q does not exist", table)}
	case err != nil:
		return fmt.Errorf("topic %s: look up the indexes of table %s: %w", topic, table, err)
	case kind != "r" && kind != "p":
		problem := fmt.Sprintf("%q is %s, not a table", table, describe(ctx, tx, table))
		return &MissingIndexError{Topic: topic, Table: table, Index: index, Problem: problem}
	case indexed:
		return nil
	}
	problem := fmt.Sprintf("table %q has no unique index on (\"uuid\"), and the name of the one created for it, %q, is taken by %s",
		table, index, describe(ctx, tx, index))
	return &MissingIndexError{Topic: topic, Table: table, Index: index, Problem: problem}
}

// describeQuery tells what a name resolves to: its kind and, for an index,
// its table.
const describeQuery = `SELECT c.relkind::text, coalesce(t.relname::text, ''), coalesce(i.indisunique, false)
FROM pg_class c LEFT JOIN pg_index i ON i.indexrelid = c.oid LEFT JOIN pg_class t ON t.oid = i.indrelid
WHERE c.oid = to_regclass($1)`

// describe says what holds name, for error messages.
func describe(ctx context.Context, tx querier, name string) string {
	var kind, table string
	var unique bool
	err := tx.QueryRow(ctx, describeQuery, pgx.Identifier{name}.Sanitize()).Scan(&kind, &table, &unique)
	switch {
	case errors.Is(err, pgx.ErrNoRows):
		return "nothing (the index was dropped meanwhile)"
	case err != nil:
		return "unknown (" + err.Error() + ")"
	case kind == "i" && unique:
		return fmt.Sprintf("a unique index on table %q, not on (\"uuid\") alone", table)
	case kind == "i":
		return fmt.Sprintf("an index on table %q that is not unique", table)
	case kind == "r" || kind == "p":
		return "a table"
	case kind == "S":
		return "a sequence"
	}
	return "a relation of kind " + kind
}
