package poisonadmin_test

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/stretchr/testify/require"

	"github.com/eventmesh/processor/cmd/poison/poisoncli"
	"github.com/eventmesh/processor/internal/poisonadmin"
)

// run runs the poison command line against the test's schema and queue.
func (b *bundle) run(t *testing.T, args ...string) (stdout string, exit int) {
	t.Helper()
	return b.runWith(t, b.databaseURL, args...)
}

func (b *bundle) runWith(t *testing.T, databaseURL string, args ...string) (string, int) {
	t.Helper()
	var out, errOut bytes.Buffer
	err := poisoncli.Run(context.Background(), poisoncli.Config{
		DatabaseURL: databaseURL, AWS: b.awsConfig(t), QueueName: b.queue, SchemaDir: b.schemaDir,
		Actor: "cli-tester", Stdout: &out, Stderr: &errOut,
		Now: func() time.Time { return time.Date(2026, 3, 2, 10, 0, 0, 0, time.UTC) },
	}, args)
	return out.String(), poisoncli.ExitCode(err)
}

func TestCLI_list_and_stats_print_tables_and_json(t *testing.T) {
	t.Parallel()
	b := setup(t)
	ids := timedMix(t, b, time.Date(2026, 3, 1, 10, 0, 0, 0, time.UTC))

	out, code := b.run(t, "list", "--tenant", "acme-shop")
	require.Equal(t, poisoncli.ExitOK, code, out)
	lines := strings.Split(strings.TrimSpace(out), "\n")
	require.Len(t, lines, 5, out) // header, 3 records, count
	require.True(t, strings.HasPrefix(lines[1], ids[2][:8]), out)
	require.Contains(t, lines[1], "/customer_id")
	require.Equal(t, "3 records", lines[4])

	out, code = b.run(t, "list", "--limit", "2", "--json", "--since", "2026-03-01T12:00:00Z")
	require.Equal(t, poisoncli.ExitOK, code, out)
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

	out, code = b.run(t, "stats", "--json")
	require.Equal(t, poisoncli.ExitOK, code, out)
	var stats struct{ Groups []poisonadmin.StatsRow }
	require.NoError(t, json.Unmarshal([]byte(out), &stats))
	total := 0
	for _, g := range stats.Groups {
		total += g.Total
	}
	require.Equal(t, 5, total)

	out, code = b.run(t, "stats", "--tenant", "acme-shop")
	require.Equal(t, poisoncli.ExitOK, code, out)
	require.Regexp(t, `all\s+3\s+0\s+0\s+3`, out)
}

func TestCLI_show_prints_binary_bodies_and_hostile_text_safely(t *testing.T) {
	t.Parallel()
	b := setup(t)
	body := "\x00bin\x1b[31m\xff"
	id := b.put(t, poisoned{body: body, attrs: map[string]string{"origin": "\x1b]0;pwned\x07\u202e"}})

	out, code := b.run(t, "show", id[:8])
	require.Equal(t, poisoncli.ExitOK, code, out)
	require.Contains(t, out, "Body (10 bytes, binary)")
	require.Contains(t, out, "00 62 69 6e 1b 5b 33 31  6d ff")
	require.Contains(t, out, `origin = \u001b]0;pwned\u0007\u202e`)
	for _, raw := range []string{"\x1b", "\x07", "\x00", "\u202e", "\xff"} {
		require.NotContains(t, out, raw)
	}

	out, code = b.run(t, "show", "--json", id)
	require.Equal(t, poisoncli.ExitOK, code, out)
	require.NotContains(t, out, "\u202e")
	var records []struct {
		Body       *string `json:"body"`
		BodyBase64 string  `json:"body_base64"`
		Attributes map[string]string
	}
	require.NoError(t, json.Unmarshal([]byte(out), &records))
	require.Len(t, records, 1)
	require.Nil(t, records[0].Body, "a body that is not UTF-8 is only given in base64")
	decoded, err := base64.StdEncoding.DecodeString(records[0].BodyBase64)
	require.NoError(t, err)
	require.Equal(t, []byte(body), decoded)
	require.Equal(t, "\x1b]0;pwned\x07\u202e", records[0].Attributes["origin"])
}

func TestCLI_replay_dry_run_then_replay_then_nothing(t *testing.T) {
	t.Parallel()
	b := setup(t)
	m := poisonMix(t, b)

	out, code := b.run(t, "replay", "--all", "--dry-run")
	require.Equal(t, poisoncli.ExitOK, code, out)
	require.Equal(t, 3, linesStartingWith(out, "would send "), out)
	require.Contains(t, out, "of 7 open: 3 pass, 0 duplicate, 3 fail, 1 unsendable; 3 would be sent to queue")
	require.Empty(t, b.drain(t))

	out, code = b.run(t, "replay", "--all", "--rate", "1000")
	require.Equal(t, poisoncli.ExitOK, code, out)
	require.Equal(t, 3, linesStartingWith(out, "sent "), out)
	require.Len(t, b.drain(t), 3)

	out, code = b.run(t, "replay", "--all")
	require.Equal(t, poisoncli.ExitOK, code, out)
	require.Contains(t, out, "7 matched, 3 already replayed or discarded; of 4 open: 0 pass, 0 duplicate, 3 fail, 1 unsendable; 0 sent")
	require.Empty(t, b.drain(t))

	out, code = b.run(t, "discard", "--class", "envelope_invalid", "--reason", "junk")
	require.Equal(t, poisoncli.ExitOK, code, out)
	require.Contains(t, out, "discarded 2")
	out, code = b.run(t, "list", "--json", m.legacy[:8])
	require.Equal(t, poisoncli.ExitOK, code, out)
	require.Contains(t, out, `"status": "replayed"`, "a record asked for by id is listed whatever its status")

	out, code = b.run(t, "list", "--status", "all", "--json")
	require.Equal(t, poisoncli.ExitOK, code, out)
	require.Equal(t, 3, strings.Count(out, `"status": "replayed"`))
	require.Equal(t, 2, strings.Count(out, `"status": "discarded"`))
}

func TestCLI_exit_codes(t *testing.T) {
	t.Parallel()
	b := setup(t)
	id := b.put(t, poisoned{body: order(uuid.NewString(), false)})
	tests := []struct {
		args []string
		want int
	}{
		{[]string{"help"}, poisoncli.ExitOK},
		{[]string{"list", "-h"}, poisoncli.ExitOK},
		{[]string{"show", id[:6], "--json"}, poisoncli.ExitOK},
		{[]string{}, poisoncli.ExitUsage},
		{[]string{"bogus"}, poisoncli.ExitUsage},
		{[]string{"list", "--nope"}, poisoncli.ExitUsage},
		{[]string{"list", "--since", "yesterday"}, poisoncli.ExitUsage},
		{[]string{"list", "--limit", "5000"}, poisoncli.ExitUsage},
		{[]string{"list", "--status", "gone"}, poisoncli.ExitUsage},
		{[]string{"list", "--page", "garbage"}, poisoncli.ExitUsage},
		{[]string{"show"}, poisoncli.ExitUsage},
		{[]string{"replay"}, poisoncli.ExitUsage},
		{[]string{"replay", "--all", "--schemas-dir", "/nonexistent"}, poisoncli.ExitUsage},
		{[]string{"discard", "--all"}, poisoncli.ExitUsage},
		{[]string{"show", uuid.NewString()}, poisoncli.ExitNotFound},
		{[]string{"replay", uuid.NewString()}, poisoncli.ExitNotFound},
		{[]string{"replay", "--all", "--queue", "missing-" + uuid.NewString()[:8]}, poisoncli.ExitNotFound},
	}
	for _, tt := range tests {
		out, code := b.run(t, tt.args...)
		require.Equal(t, tt.want, code, "poison %s: %s", strings.Join(tt.args, " "), out)
	}
	_, code := b.runWith(t, "postgres://postgres@127.0.0.1:1/postgres?sslmode=disable&connect_timeout=2", "list")
	require.Equal(t, poisoncli.ExitFailure, code, "unreachable Postgres")
	require.Empty(t, b.drain(t))
}

func linesStartingWith(out, prefix string) int {
	n := 0
	for _, line := range strings.Split(out, "\n") {
		if strings.HasPrefix(line, prefix) {
			n++
		}
	}
	return n
}
