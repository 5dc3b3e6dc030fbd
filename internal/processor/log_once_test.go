package processor_test

import (
	"encoding/json"
	"fmt"
	"log/slog"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/stretchr/testify/require"

	"github.com/eventmesh/processor/internal/fixtures"
	"github.com/eventmesh/processor/internal/processor"
	"github.com/eventmesh/processor/internal/testenv"
)

// Each failed delivery is logged once, by middleware.LogFailures: the
// router's own line for the same failure is dropped by internal/logging,
// which matches it by its exact text. If a Watermill upgrade rewords that
// line, it is no longer dropped and this test sees two lines per failure.
func TestProcessor_logs_one_line_per_failed_delivery(t *testing.T) {
	t.Parallel()
	tenant := fmt.Sprintf("log-%d", time.Now().UnixNano())
	dir := copySchemas(t)
	withTenantCopy(t, dir, tenant)
	var logs testenv.LogBuffer
	b := setup(t, func(cfg *processor.Config) {
		cfg.SchemaDir = dir
		cfg.Logger = slog.New(slog.NewJSONHandler(&logs, nil))
	})
	// Without its table, the tenant's events fail while Postgres answers:
	// retried, then nacked, delivery after delivery.
	_, err := b.pool.Exec(t.Context(), "DROP TABLE "+pgx.Identifier{"watermill_events_" + tenant}.Sanitize())
	require.NoError(t, err)
	sample, ok := fixtures.Lookup("orbit-saas", "user-signed-up", "v1")
	require.True(t, ok)
	ev := sample.ValidEvent(0)
	ev.Tenant = tenant
	body, err := fixtures.Body(ev)
	require.NoError(t, err)
	b.publish(t, ev.ID, body)

	const nacked = "message nacked for redelivery"
	eventually(t, 2*time.Minute, "two deliveries nacked", func() bool {
		return countMessages(failureLines(t, logs.String(), ev.ID))[nacked] >= 2
	})
	counts := countMessages(failureLines(t, logs.String(), ev.ID))
	require.Len(t, counts, 1, "every warning or error naming the message is LogFailures' line: %v", counts)
	require.Contains(t, counts, nacked)
}

// failureLines are the JSON log lines at WARN or ERROR that mention uuid.
func failureLines(t *testing.T, logs, uuid string) []map[string]any {
	t.Helper()
	var out []map[string]any
	for _, line := range strings.Split(strings.TrimSpace(logs), "\n") {
		if !strings.Contains(line, uuid) {
			continue
		}
		var entry map[string]any
		require.NoError(t, json.Unmarshal([]byte(line), &entry), line)
		if level := entry["level"]; level == "WARN" || level == "ERROR" {
			out = append(out, entry)
		}
	}
	return out
}

// countMessages counts lines by their msg.
func countMessages(lines []map[string]any) map[string]int {
	counts := map[string]int{}
	for _, l := range lines {
		counts[fmt.Sprint(l["msg"])]++
	}
	return counts
}
