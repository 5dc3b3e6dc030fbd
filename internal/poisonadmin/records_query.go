package poisonadmin

import (
	"strconv"
	"strings"
)

// recordColumns are the columns scanRecord reads from poison.RecordsSQL, in
// order.
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
