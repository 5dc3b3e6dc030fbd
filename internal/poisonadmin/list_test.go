package poisonadmin_test

import (
	"context"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/stretchr/testify/require"

	"github.com/eventmesh/processor/internal/poisonadmin"
	"github.com/eventmesh/processor/internal/rejection"
)

// timedMix poisons, an hour apart from t0: 2 order-placed schema
// violations, 1 customer-registered violation, 1 unknown tenant and 1
// plain-text body, and returns their uuids oldest first.
func timedMix(t *testing.T, b *bundle, t0 time.Time) []string {
	t.Helper()
	bodies := []string{
		order(uuid.NewString(), false), order(uuid.NewString(), false), badCustomer(uuid.NewString()),
		unknownTenant(uuid.NewString()), "this is not json",
	}
	ids := make([]string, len(bodies))
	for i, body := range bodies {
		ids[i] = b.put(t, poisoned{body: body, seenAt: t0.Add(time.Duration(i) * time.Hour)})
	}
	return ids
}

func TestList_filters_newest_first(t *testing.T) {
	t.Parallel()
	b := setup(t)
	t0 := time.Date(2026, 3, 1, 10, 0, 0, 0, time.UTC)
	ids := timedMix(t, b, t0)

	tests := []struct {
		name   string
		filter poisonadmin.Filter
		want   []string
	}{
		{"everything, newest first", poisonadmin.Filter{}, []string{ids[4], ids[3], ids[2], ids[1], ids[0]}},
		{"tenant", poisonadmin.Filter{Tenant: "acme-shop"}, []string{ids[2], ids[1], ids[0]}},
		{"producer", poisonadmin.Filter{Producer: "crm"}, []string{ids[2]}},
		{"event type", poisonadmin.Filter{EventType: "order-placed"}, []string{ids[3], ids[1], ids[0]}},
		{"class", poisonadmin.Filter{Class: rejection.ClassEnvelope}, []string{ids[4]}},
		{"class and tenant", poisonadmin.Filter{Class: rejection.ClassSchema, Tenant: "acme-shop"}, []string{ids[2], ids[1], ids[0]}},
		{"text in the error", poisonadmin.Filter{Text: "GHOST-CORP"}, []string{ids[3]}},
		{"text in a violation path", poisonadmin.Filter{Text: "/customer_id"}, []string{ids[2]}},
		{"since", poisonadmin.Filter{Since: t0.Add(3 * time.Hour)}, []string{ids[4], ids[3]}},
		{"until", poisonadmin.Filter{Until: t0.Add(time.Hour)}, []string{ids[0]}},
		{"since and until", poisonadmin.Filter{Since: t0.Add(time.Hour), Until: t0.Add(3 * time.Hour)}, []string{ids[2], ids[1]}},
		{"ids by prefix", poisonadmin.Filter{IDs: []string{ids[1][:8], ids[3]}}, []string{ids[3], ids[1]}},
		{"status", poisonadmin.Filter{Status: poisonadmin.StatusReplayed}, nil},
		{"no match", poisonadmin.Filter{Tenant: "nobody"}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			page, err := b.admin.List(context.Background(), poisonadmin.ListOptions{Filter: tt.filter})
			require.NoError(t, err)
			require.Equal(t, tt.want, uuids(page.Records))
			require.Empty(t, page.Next)
		})
	}
}

func TestList_pages_through_every_record_once(t *testing.T) {
	t.Parallel()
	b := setup(t)
	ids := timedMix(t, b, time.Date(2026, 3, 1, 10, 0, 0, 0, time.UTC))
	ctx := context.Background()

	var got []string
	opts := poisonadmin.ListOptions{Limit: 2}
	for pages := 0; ; pages++ {
		require.Less(t, pages, 3)
		page, err := b.admin.List(ctx, opts)
		require.NoError(t, err)
		got = append(got, uuids(page.Records)...)
		if page.Next == "" {
			break
		}
		b.put(t, poisoned{body: order(uuid.NewString(), false)}) // newer records do not shift the pages
		opts.Page = page.Next
	}
	require.Equal(t, []string{ids[4], ids[3], ids[2], ids[1], ids[0]}, got)
}

func TestStats_counts_by_tenant_type_and_class(t *testing.T) {
	t.Parallel()
	b := setup(t)
	ctx := context.Background()
	t0 := time.Date(2026, 3, 1, 10, 0, 0, 0, time.UTC)
	ids := timedMix(t, b, t0)
	_, err := b.admin.Discard(ctx, poisonadmin.DiscardOptions{Filter: poisonadmin.Filter{IDs: ids[:1]}, Reason: "test"})
	require.NoError(t, err)

	stats, err := b.admin.Stats(ctx, poisonadmin.Filter{})
	require.NoError(t, err)
	require.Equal(t, []poisonadmin.StatsRow{
		{Tenant: "acme-shop", EventType: "order-placed", Class: "schema_violation", Open: 1, Discarded: 1, Total: 2},
		{Tenant: "", EventType: "", Class: "envelope_invalid", Open: 1, Total: 1},
		{Tenant: "acme-shop", EventType: "customer-registered", Class: "schema_violation", Open: 1, Total: 1},
		{Tenant: "ghost-corp", EventType: "order-placed", Class: "tenant_unknown", Open: 1, Total: 1},
	}, stats)

	stats, err = b.admin.Stats(ctx, poisonadmin.Filter{Since: t0.Add(time.Hour), Until: t0.Add(3 * time.Hour)})
	require.NoError(t, err)
	require.Equal(t, []poisonadmin.StatsRow{
		{Tenant: "acme-shop", EventType: "customer-registered", Class: "schema_violation", Open: 1, Total: 1},
		{Tenant: "acme-shop", EventType: "order-placed", Class: "schema_violation", Open: 1, Total: 1},
	}, stats)
}

func uuids(records []*poisonadmin.Record) []string {
	var out []string
	for _, r := range records {
		out = append(out, r.UUID)
	}
	return out
}
