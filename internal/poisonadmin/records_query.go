package poisonadmin

import (
	"strconv"
	"strings"

	"github.com/eventmesh/processor/internal/poison"
)

// lastSeenSQL is a record's last sighting as a timestamptz; seenCountSQL its
// number of sightings. A malformed value falls back (to the row's creation,
// to 1) instead of failing the whole query.
const (
	lastSeenSQL = `CASE WHEN p.metadata->>'` + poison.KeyLastSeenAt + `' ~ '^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)$'
		THEN (p.metadata->>'` + poison.KeyLastSeenAt + `')::timestamptz ELSE p.created_at::timestamptz END`
	seenCountSQL = `CASE WHEN p.metadata->>'` + poison.KeySeenCount + `' ~ '^\d{1,9}$'
		THEN (p.metadata->>'` + poison.KeySeenCount + `')::int ELSE 1 END`
)

// recordsSQL is the relation "r" of poison records with their status: the
// last settling action (a confirmed replay or a discard) settles the record
// unless it was seen again since that action's snapshot.
var recordsSQL = `(
	SELECT p."offset", p."uuid", p.created_at, p.payload, p.metadata::text AS metadata,
		p.metadata->>'` + poison.KeyTenant + `' AS tenant,
		p.metadata->>'` + poison.KeyProducer + `' AS producer,
		p.metadata->>'` + poison.KeyEventType + `' AS event_type,
		p.metadata->>'` + poison.KeyClass + `' AS class,
		lower(coalesce(p.metadata->>'` + poison.KeyError + `', '') || ' ' || coalesce(p.metadata->>'` + poison.KeyViolations + `', '')) AS reason,
		s.seen_count, s.last_seen,
		CASE WHEN settled.action IS NULL
				OR s.seen_count > settled.record_seen_count
				OR s.last_seen > settled.record_last_seen_at THEN 'open'
			WHEN settled.action = 'replay' THEN 'replayed'
			ELSE 'discarded' END AS status,
		(SELECT count(*) FROM ` + actionsTable + ` a
			WHERE a.record_uuid = p."uuid" AND a.action = 'replay' AND a.state = 'sent') AS replays
	FROM ` + poison.MessagesTable() + ` p
	CROSS JOIN LATERAL (SELECT ` + seenCountSQL + ` AS seen_count, ` + lastSeenSQL + ` AS last_seen) s
	LEFT JOIN LATERAL (
		SELECT a.action, a.record_seen_count, a.record_last_seen_at FROM ` + actionsTable + ` a
		WHERE a.record_uuid = p."uuid" AND a.state IN ('sent', 'done')
		ORDER BY a.id DESC LIMIT 1
	) settled ON true
) r`

// recordColumns are the columns scanRecord reads, in order.
const recordColumns = `r."offset", r."uuid", r.created_at, r.payload, r.metadata, r.status, r.replays, r.seen_count, r.last_seen`

// query builds a statement with positional arguments.
type query struct {
	where []string
	args  []any
}

// arg adds a positional argument and returns its placeholder.
func (q *query) arg(v any) string {
	q.args = append(q.args, v)
	return "$" + strconv.Itoa(len(q.args))
}

func (q *query) and(cond string) {
	q.where = append(q.where, cond)
}

// whereSQL is " WHERE …" of every condition, or "".
func (q *query) whereSQL() string {
	if len(q.where) == 0 {
		return ""
	}
	return " WHERE " + strings.Join(q.where, " AND ")
}

// filter adds f's conditions. f.IDs must be full record uuids by now.
func (q *query) filter(f Filter) {
	if len(f.IDs) > 0 {
		q.and(`r."uuid" = ANY(` + q.arg(f.IDs) + `)`)
	}
	for _, eq := range [][2]string{
		{"tenant", f.Tenant}, {"producer", f.Producer}, {"event_type", f.EventType},
		{"class", string(f.Class)}, {"status", string(f.Status)},
	} {
		if eq[1] != "" {
			q.and("r." + eq[0] + " = " + q.arg(eq[1]))
		}
	}
	if !f.Since.IsZero() {
		q.and("r.last_seen >= " + q.arg(f.Since))
	}
	if !f.Until.IsZero() {
		q.and("r.last_seen < " + q.arg(f.Until))
	}
	if f.Text != "" {
		q.and("strpos(r.reason, lower(" + q.arg(f.Text) + ")) > 0")
	}
}
