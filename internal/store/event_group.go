package store

import (
	"cmp"
	"encoding/json"
	"fmt"
	"maps"
	"slices"

	"github.com/ThreeDotsLabs/watermill/message"
	"github.com/jackc/pgx/v5"

	"github.com/eventmesh/processor/internal/exactjson"
	"github.com/eventmesh/processor/internal/rejection"
)

// topicGroup is the part of a batch bound for one topic: its requests, in
// uuid order, and the columns of its distinct uuids, the first request of
// each being the one inserted.
type topicGroup struct {
	topic                     string
	reqs                      []*saveRequest
	uuids, payloads, metadata []string
	existing                  map[string]storedRow // rows of the uuids not inserted
	inserted                  map[string]bool
}

// groupByTopic splits reqs by topic, in topic order, and each group in
// uuid order: every transaction then takes the unique-index locks of the
// uuids it inserts in the same order, so two batches holding the same
// events never deadlock.
func groupByTopic(reqs []*saveRequest) []*topicGroup {
	byTopic := make(map[string]*topicGroup)
	for _, r := range reqs {
		r.outcome, r.err = 0, nil
		g := byTopic[r.topic]
		if g == nil {
			g = &topicGroup{topic: r.topic}
			byTopic[r.topic] = g
		}
		g.reqs = append(g.reqs, r)
	}
	groups := make([]*topicGroup, 0, len(byTopic))
	for _, topic := range slices.Sorted(maps.Keys(byTopic)) {
		g := byTopic[topic]
		slices.SortStableFunc(g.reqs, func(a, b *saveRequest) int { return cmp.Compare(a.uuid, b.uuid) })
		g.columns()
		groups = append(groups, g)
	}
	return groups
}

func (g *topicGroup) columns() {
	for i, r := range g.reqs {
		if i > 0 && g.reqs[i-1].uuid == r.uuid {
			continue
		}
		g.uuids = append(g.uuids, r.uuid)
		g.payloads = append(g.payloads, r.payload)
		g.metadata = append(g.metadata, r.metadata)
	}
}

// missing returns the uuids the insert skipped: already stored.
func (g *topicGroup) missing() []string {
	var out []string
	for _, id := range g.uuids {
		if !g.inserted[id] {
			out = append(out, id)
		}
	}
	return out
}

// settle marks the first request of each inserted uuid stored, and compares
// every other request with the row its uuid holds: the one just inserted
// or the one stored before.
func (g *topicGroup) settle() {
	var first *saveRequest // of the current run of one uuid
	for _, r := range g.reqs {
		if first == nil || first.uuid != r.uuid {
			first = r
			if g.inserted[r.uuid] {
				r.outcome = Stored
				continue
			}
		}
		row, found := g.existing[r.uuid]
		if g.inserted[r.uuid] {
			row, found = storedRow{producer: first.ev.Producer, eventType: first.ev.Type, payload: first.ev.Data, sqsID: first.sqsID}, true
		}
		r.outcome, r.err = compare(r, row, found)
	}
}

// storedRow is what a stored event is compared on.
type storedRow struct {
	producer, eventType string
	payload             []byte
	sqsID               string // the SQS message id of the delivery that wrote it
}

func scanStored(rows pgx.Rows, topic string) (map[string]storedRow, error) {
	defer rows.Close()
	existing := make(map[string]storedRow)
	for rows.Next() {
		var id, payload, metadata string
		if err := rows.Scan(&id, &payload, &metadata); err != nil {
			return nil, fmt.Errorf("scan stored event of topic %s: %w", topic, err)
		}
		var md message.Metadata
		if err := json.Unmarshal([]byte(metadata), &md); err != nil {
			return nil, fmt.Errorf("decode metadata of stored event %s: %w", id, err)
		}
		existing[id] = storedRow{producer: md[MetaProducer], eventType: md[MetaEventType], payload: []byte(payload), sqsID: md[MetaSQSMessageID]}
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("load stored events of topic %s: %w", topic, err)
	}
	return existing, nil
}

func scanInserted(rows pgx.Rows, topic string) (map[string]bool, error) {
	uuids, err := pgx.CollectRows(rows, pgx.RowTo[string])
	if err != nil {
		return nil, fmt.Errorf("insert into topic %s: %w", topic, err)
	}
	inserted := make(map[string]bool, len(uuids))
	for _, u := range uuids {
		inserted[u] = true
	}
	return inserted, nil
}

// compare tells a redelivered or re-sent event (Duplicate) from an event id
// reused for something else (a conflict, rejected permanently).
func compare(r *saveRequest, row storedRow, found bool) (Outcome, error) {
	if !found {
		return 0, fmt.Errorf("event %s neither inserted nor found: concurrent write rolled back, retry", r.uuid)
	}
	ev := r.ev
	if row.eventType == ev.Type && row.producer == ev.Producer && SamePayload(row.payload, ev.Data) {
		if r.sqsID != "" && row.sqsID == r.sqsID {
			return StoredEarlier, nil
		}
		return Duplicate, nil
	}
	return 0, &rejection.Error{
		Class: rejection.ClassConflict, Tenant: ev.Tenant, Producer: ev.Producer, EventType: ev.Type, EventID: ev.ID,
		Err: fmt.Errorf("event id already stored with producer %q, type %q and a different payload", row.producer, row.eventType),
	}
}

// SamePayload reports whether two event payloads are the same JSON value
// with exact numbers (whitespace, key order and string escapes aside; 1.0 is
// 1, but 9007199254740993 is not 9007199254740992): the test that tells a
// re-sent event (a duplicate) from an event id reused for other data (a
// conflict). The model is exactjson.Equal's; a payload it cannot read
// equals only itself, byte for byte.
func SamePayload(a, b []byte) bool {
	return exactjson.Equal(a, b)
}
