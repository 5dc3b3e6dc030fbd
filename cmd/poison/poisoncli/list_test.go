package poisoncli_test

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/eventmesh/processor/internal/exitcode"
)

// timedMix poisons, an hour apart from t0: 2 acme-shop order-placed
// violations, 1 acme-shop customer-registered violation at /customer_id, 1
// order of an unknown tenant and 1 plain-text body, and returns their uuids
// oldest first.
func timedMix(t *testing.T, w *world, t0 time.Time) []string {
	t.Helper()
	records := []record{
		violation("acme-shop", "checkout-api", "order-placed", "/total"),
		violation("acme-shop", "checkout-api", "order-placed", "/total"),
		violation("acme-shop", "crm", "customer-registered", "/customer_id"),
		unknownTenant(),
		notAnEnvelope("this is not json"),
	}
	ids := make([]string, len(records))
	for i, r := range records {
		r.seenAt = t0.Add(time.Duration(i) * time.Hour)
		ids[i] = w.put(t, r)
	}
	return ids
}

func TestCLI_list_and_stats_print_tables_and_json(t *testing.T) {
	t.Parallel()
	w := setup(t)
	ids := timedMix(t, w, time.Date(2026, 3, 1, 10, 0, 0, 0, time.UTC))

	out, code := w.run(t, "list", "--tenant", "acme-shop")
	require.Equal(t, exitcode.OK, code, out)
	lines := strings.Split(strings.TrimSpace(out), "\n")
	require.Len(t, lines, 5, out) // header, 3 records, count
	require.True(t, strings.HasPrefix(lines[1], ids[2][:8]), out)
	require.Contains(t, lines[1], "/customer_id")
	require.Equal(t, "3 records", lines[4])

	out, code = w.run(t, "list", "--limit", "2", "--json", "--since", "2026-03-01T12:00:00Z")
	require.Equal(t, exitcode.OK, code, out)
	var page struct {
		Records []struct {
			ID, Class string
		}
		Next string `json:"next_page"`
	}
	require.NoError(t, json.Unmarshal([]byte(out), &page))
	require.Len(t, page.Records, 2)
	require.Equal(t, ids[4], page.Records[0].ID)
	require.NotEmpty(t, page.Next)

	out, code = w.run(t, "stats", "--json")
	require.Equal(t, exitcode.OK, code, out)
	var stats struct {
		Groups []struct{ Total int }
	}
	require.NoError(t, json.Unmarshal([]byte(out), &stats))
	total := 0
	for _, g := range stats.Groups {
		total += g.Total
	}
	require.Equal(t, 5, total)

	out, code = w.run(t, "stats", "--tenant", "acme-shop")
	require.Equal(t, exitcode.OK, code, out)
	require.Regexp(t, `all\s+3\s+0\s+0\s+3`, out)
}
