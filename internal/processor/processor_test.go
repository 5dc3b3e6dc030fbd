package processor_test

import (
	"context"
	"net/http"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/eventmesh/processor/internal/envelope"
	"github.com/eventmesh/processor/internal/fixtures"
	"github.com/eventmesh/processor/internal/rejection"
	"github.com/eventmesh/processor/internal/store"
)

// mixedBatch is what a test published and what it expects of it.
type mixedBatch struct {
	stored   int                     // unique valid events
	poisoned map[rejection.Class]int // records by reason class
	ids      []string                // CloudEvents ids of the valid events
}

// publishMixedBatch publishes valid events of every active tenant, type and
// version (the original system's format included), every kind of invalid
// body, exact duplicates and a conflicting duplicate.
func (b *bundle) publishMixedBatch(t *testing.T) mixedBatch {
	t.Helper()
	want := mixedBatch{poisoned: map[rejection.Class]int{}}
	var duplicates []*envelope.Event
	for i, sample := range fixtures.Samples() {
		if tenant, _ := b.registry.Tenant(sample.Tenant); !tenant.Active {
			continue
		}
		ev := sample.ValidEvent(i)
		body, err := fixtures.Body(ev)
		require.NoError(t, err)
		b.publish(t, ev.ID, body)
		want.stored++
		if ev.Format == envelope.FormatCloudEvents {
			want.ids = append(want.ids, ev.ID)
			duplicates = append(duplicates, ev)
		}
	}
	for _, reject := range fixtures.Rejects() {
		b.publish(t, envelope.NewID(), reject.Body)
		want.poisoned[reject.Class]++
	}
	for _, ev := range duplicates[:3] {
		body, err := fixtures.Body(ev)
		require.NoError(t, err)
		b.publish(t, ev.ID, body) // exact duplicate: stored once, acked
	}
	want.stored++ // the first of the conflicting pair
	conflicting := b.conflictingDuplicate(t)
	body, err := envelope.Marshal(conflicting)
	require.NoError(t, err)
	b.publish(t, conflicting.ID, body)
	want.poisoned[rejection.ClassConflict]++
	return want
}

// conflictingDuplicate publishes a valid event, and returns another valid
// event of the same type reusing its id with a different payload.
func (b *bundle) conflictingDuplicate(t *testing.T) envelope.Event {
	t.Helper()
	for _, sample := range fixtures.Samples() {
		tenant, _ := b.registry.Tenant(sample.Tenant)
		if !tenant.Active || sample.Producer == envelope.LegacyProducer || len(sample.Valid) < 2 {
			continue
		}
		first := sample.ValidEvent(0)
		body, err := fixtures.Body(first)
		require.NoError(t, err)
		b.publish(t, first.ID, body)
		second := *first
		second.Data = sample.Valid[1]
		return second
	}
	t.Fatal("no fixture sample with two valid payloads")
	return envelope.Event{}
}

func (b *bundle) storedCount(t *testing.T) (rows, distinctIDs int) {
	t.Helper()
	for _, tenant := range b.registry.Tenants() {
		rows += b.scalar(t, `SELECT count(*) FROM `+eventsTable(tenant)+` WHERE metadata->>'correlation_id' = $1`, b.runID)
		distinctIDs += b.scalar(t, `SELECT count(DISTINCT metadata->>'event_id') FROM `+eventsTable(tenant)+` WHERE metadata->>'correlation_id' = $1`, b.runID)
	}
	return rows, distinctIDs
}

func (b *bundle) poisonedByClass(t *testing.T) map[rejection.Class]int {
	t.Helper()
	rows, err := b.pool.Query(context.Background(),
		`SELECT metadata->>'reason_class', count(*) FROM watermill_poison WHERE metadata->>'correlation_id' = $1 GROUP BY 1`, b.runID)
	require.NoError(t, err)
	defer rows.Close()
	out := map[rejection.Class]int{}
	for rows.Next() {
		var class string
		var n int
		require.NoError(t, rows.Scan(&class, &n))
		out[rejection.Class(class)] = n
	}
	require.NoError(t, rows.Err())
	return out
}

func (b *bundle) total(counts map[rejection.Class]int) int {
	n := 0
	for _, c := range counts {
		n += c
	}
	return n
}

func TestProcessor_mixed_batch_is_stored_or_poisoned_exactly_once(t *testing.T) {
	t.Parallel()
	b := setup(t, nil)

	want := b.publishMixedBatch(t)

	eventually(t, 3*time.Minute, "every message stored or poisoned", func() bool {
		rows, _ := b.storedCount(t)
		return rows >= want.stored && b.total(b.poisonedByClass(t)) >= b.total(want.poisoned)
	})
	time.Sleep(2 * time.Second) // let redeliveries, if any, show up
	rows, distinct := b.storedCount(t)
	require.Equal(t, want.stored, rows, "stored rows")
	require.Equal(t, want.stored, distinct, "no event stored twice")
	require.Equal(t, want.poisoned, b.poisonedByClass(t), "poison records by class")
	t.Logf("mixed batch: stored %d events, poisoned %v", rows, b.poisonedByClass(t))
}

func TestProcessor_survives_postgres_outage_without_loss_or_duplicates(t *testing.T) {
	t.Parallel()
	b := setup(t, nil)
	sample := fixtures.Samples()[0]
	for _, s := range fixtures.Samples() {
		if s.Producer != envelope.LegacyProducer {
			sample = s
			break
		}
	}
	publishValid := func(n int) {
		for i := range n {
			ev := sample.ValidEvent(i)
			body, err := fixtures.Body(ev)
			require.NoError(t, err)
			b.publish(t, ev.ID, body)
		}
	}

	publishValid(20)
	eventually(t, 3*time.Minute, "first events stored", func() bool { rows, _ := b.storedCount(t); return rows == 20 })

	b.pgProxy.Cut()
	publishValid(50)
	eventually(t, 3*time.Minute, "the store gate closed", func() bool {
		return b.scrape(t, "event_processor_store_available") == 0
	})
	code, body := b.get(t, "/readyz")
	require.Equal(t, http.StatusServiceUnavailable, code, body)
	require.Contains(t, body, "receiving paused")
	rows, _ := b.storedCount(t)
	require.Equal(t, 20, rows, "nothing can be stored while Postgres is cut off")
	b.pgProxy.Restore()

	eventually(t, 3*time.Minute, "backlog stored after Postgres is back", func() bool { rows, _ := b.storedCount(t); return rows >= 70 })
	time.Sleep(2 * time.Second)
	rows, distinct := b.storedCount(t)
	require.Equal(t, 70, rows)
	require.Equal(t, 70, distinct)
	require.Empty(t, b.poisonedByClass(t), "transient failures never reach the poison queue")
	require.Zero(t, b.scrape(t, "event_processor_sqs_messages_nacked_total"),
		"held while Postgres was down, never nacked into another receive")
	require.Equal(t, float64(1), b.scrape(t, "event_processor_store_available"))
}

func TestEventUUID_is_stable(t *testing.T) {
	t.Parallel()
	require.Equal(t, store.EventUUID("acme-shop", "e1"), store.EventUUID("acme-shop", "e1"))
	require.NotEqual(t, store.EventUUID("acme-shop", "e1"), store.EventUUID("nordlys-bank", "e1"))
}
