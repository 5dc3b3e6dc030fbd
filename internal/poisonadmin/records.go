package poisonadmin

import (
	"context"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/eventmesh/processor/internal/poison"
)

// Record is a poison record with what operators did about it.
type Record struct {
	*poison.Record
	Status Status
	// Replays counts the confirmed replays of the record.
	Replays int
	// seenCount and lastSeen are the values of the record's status: what an
	// action snapshots, and the key of list's paging.
	seenCount int
	lastSeen  time.Time
}

func scanRecord(row pgx.CollectableRow) (*Record, error) {
	var (
		offset              int64
		uuid, status        string
		createdAt, lastSeen time.Time
		payload             []byte
		metadata            *string
		replays             int64
		seenCount           int
	)
	if err := row.Scan(&offset, &uuid, &createdAt, &payload, &metadata, &status, &replays, &seenCount, &lastSeen); err != nil {
		return nil, fmt.Errorf("scan poison record: %w", err)
	}
	var raw []byte
	if metadata != nil {
		raw = []byte(*metadata)
	}
	return &Record{
		Record: poison.ParseRecord(offset, uuid, createdAt, payload, raw),
		Status: Status(status), Replays: int(replays), seenCount: seenCount, lastSeen: lastSeen,
	}, nil
}

// records runs "SELECT recordColumns FROM poison.RecordsSQL <q's WHERE> <tail>".
func (a *Admin) records(ctx context.Context, q *query, tail string) ([]*Record, error) {
	sql := `SELECT ` + recordColumns + ` FROM ` + poison.RecordsSQL + q.whereSQL() + ` ` + tail
	rows, err := a.cfg.Pool.Query(ctx, sql, q.args...)
	if err != nil {
		return nil, fmt.Errorf("query poison records: %w", err)
	}
	records, err := pgx.CollectRows(rows, scanRecord)
	if err != nil {
		return nil, fmt.Errorf("read poison records: %w", err)
	}
	return records, nil
}

// resolveIDs replaces f.IDs (uuids or prefixes) by the full uuids they name.
// An id matching no record is a *NotFoundError; a prefix matching several
// records is a *UsageError.
func (a *Admin) resolveIDs(ctx context.Context, f Filter) (Filter, error) {
	if len(f.IDs) == 0 {
		return f, nil
	}
	resolved := make([]string, 0, len(f.IDs))
	for _, id := range f.IDs {
		uuid, err := a.resolveID(ctx, id)
		if err != nil {
			return f, err
		}
		resolved = append(resolved, uuid)
	}
	f.IDs = resolved
	return f, nil
}

func (a *Admin) resolveID(ctx context.Context, id string) (string, error) {
	if err := ValidateIDPrefix(id); err != nil {
		return "", err
	}
	rows, err := a.cfg.Pool.Query(ctx, `SELECT "uuid" FROM `+poison.MessagesTable()+
		` WHERE "uuid" LIKE $1 || '%' ORDER BY "uuid" LIMIT 3`, id)
	if err != nil {
		return "", fmt.Errorf("look up record %s: %w", id, err)
	}
	matches, err := pgx.CollectRows(rows, pgx.RowTo[string])
	if err != nil {
		return "", fmt.Errorf("look up record %s: %w", id, err)
	}
	switch len(matches) {
	case 0:
		return "", &NotFoundError{What: "record", Name: id}
	case 1:
		return matches[0], nil
	}
	return "", usagef("record id prefix %q is ambiguous (matches %s, %s, …): give more characters", id, matches[0], matches[1])
}
