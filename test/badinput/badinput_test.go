package badinput_test

import (
	"bytes"
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/sqs"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/stretchr/testify/require"

	"github.com/eventmesh/processor/cmd/poison/poisoncli"
	"github.com/eventmesh/processor/internal/testenv"
	"github.com/eventmesh/processor/test/harness"
)

// maxPeakRSS bounds the processor's peak resident memory over the whole run.
const maxPeakRSS = 256 << 20

// sentCase is a case and what SQS made of it.
type sentCase struct {
	badCase
	messageID string // "" when SQS refused it
	refusal   error
}

// TestBadInput_every_case_is_stored_or_poisoned_with_its_class sends every
// case through the real processor and checks its fate, then sends the
// largest and deepest bodies again in bulk to check memory stays bounded.
func TestBadInput_every_case_is_stored_or_poisoned_with_its_class(t *testing.T) {
	t.Parallel()
	dbURL, pool := testenv.FreshDatabase(t)
	q := harness.NewQueue(t, 50, 5*time.Second)
	proc := harness.Start(t, "processor", harness.Env(dbURL, q, nil))
	proc.WaitReady(30 * time.Second)

	// Bodies that are not valid UTF-8 reach SQS with U+FFFD in place of the
	// bad bytes, so the SDK's MD5 check of what it sent would fail.
	q.Client = sqs.NewFromConfig(testenv.SQSConfig(t), func(o *sqs.Options) { o.DisableMessageChecksumValidation = true })
	var fetched atomic.Int64
	remote := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		fetched.Add(1)
		_, _ = w.Write([]byte(`{"type":"object"}`))
	}))
	t.Cleanup(remote.Close)
	all := cases(remote.URL)
	require.GreaterOrEqual(t, len(all), 30)
	sent := make([]sentCase, len(all))
	for i, c := range all {
		sent[i] = send(t, q, c, fmt.Sprintf("badinput-%d", i))
	}
	tenants := harness.Registry(t).Tenants()
	outcome := awaitCases(t, pool, q, sent, tenants)
	for _, c := range sent {
		t.Run(c.name, func(t *testing.T) {
			checkCase(t, c, outcome)
		})
	}
	flood(t, q)
	require.Eventually(t, func() bool { d, err := q.Depth(context.Background(), q.URL); return err == nil && d == 0 },
		2*time.Minute, 500*time.Millisecond, "the flood is processed")
	rss, err := proc.PeakRSS()
	require.NoError(t, err)
	t.Logf("peak RSS of the processor: %.1f MiB", float64(rss)/(1<<20))
	require.Less(t, rss, int64(maxPeakRSS), "peak RSS")
	exited, code := proc.Exited()
	require.False(t, exited, "processor exited with %d\n%s", code, proc.LogTail(20))
	checkPoisonTool(t, dbURL, sent, outcome)
	require.Zero(t, fetched.Load(), "the dataschema URL was fetched")
}

func send(t *testing.T, q *harness.Queue, c badCase, correlationID string) sentCase {
	t.Helper()
	out, err := q.Client.SendMessage(context.Background(), &sqs.SendMessageInput{
		QueueUrl: &q.URL, MessageBody: aws.String(string(c.body)), MessageAttributes: c.attributes(correlationID),
	})
	if err != nil {
		require.True(t, c.refusable, "SQS refused case %q: %v", c.name, err)
		t.Logf("case %q: refused by SQS: %v", c.name, err)
		return sentCase{badCase: c, refusal: err}
	}
	s := sentCase{badCase: c, messageID: aws.ToString(out.MessageId)}
	if c.stored != "" && c.id == "" {
		s.id = s.messageID // a legacy body: its id is the SQS MessageId
	}
	return s
}

// awaitCases polls until every case sent has its outcome, or a minute passes.
func awaitCases(t *testing.T, pool poolQuerier, q *harness.Queue, sent []sentCase, tenants []string) harness.Outcome {
	t.Helper()
	deadline := time.Now().Add(time.Minute)
	for {
		outcome, err := harness.ReadOutcome(context.Background(), pool, tenants)
		require.NoError(t, err, "reading the tables back must work whatever was sent")
		pending := 0
		for _, c := range sent {
			if c.messageID != "" && !c.settled(outcome) {
				pending++
			}
		}
		if pending == 0 || time.Now().After(deadline) {
			return outcome
		}
		time.Sleep(500 * time.Millisecond)
	}
}

func (c sentCase) settled(o harness.Outcome) bool {
	if c.stored != "" {
		return o.Stored[harness.Key{Tenant: c.stored, ID: c.id}] > 0
	}
	return len(c.records(o)) > 0
}

func (c sentCase) records(o harness.Outcome) []harness.PoisonRecord {
	var out []harness.PoisonRecord
	for _, r := range o.Poison {
		if r.SQSMessageID == c.messageID {
			out = append(out, r)
		}
	}
	return out
}

func checkCase(t *testing.T, c sentCase, o harness.Outcome) {
	if c.messageID == "" {
		t.Skipf("refused by SQS: %v", c.refusal)
	}
	if c.stored != "" {
		require.Equal(t, 1, o.Stored[harness.Key{Tenant: c.stored, ID: c.id}], "stored once for %s", c.stored)
		require.Empty(t, c.records(o), "not poisoned")
		return
	}
	records := c.records(o)
	require.Len(t, records, 1, "one poison record")
	require.Equal(t, string(c.class), records[0].Class, "class")
}

// flood sends the largest and the deepest bodies many times at once.
func flood(t *testing.T, q *harness.Queue) {
	t.Helper()
	big, _ := padded(256 * 1024)
	deep := ceOf("data", nested(10_000))
	for i := range 60 {
		body := big
		if i%2 == 1 {
			body = deep
		}
		_, err := q.Client.SendMessage(context.Background(), &sqs.SendMessageInput{QueueUrl: &q.URL, MessageBody: aws.String(string(body))})
		require.NoError(t, err)
	}
}

// checkPoisonTool lists the poison queue and shows every record with escape
// sequences through the poison tool: its output must carry no raw control
// character but newlines and tabs.
func checkPoisonTool(t *testing.T, dbURL string, sent []sentCase, o harness.Outcome) {
	t.Helper()
	out := poisonCLI(t, dbURL, "list", "--limit", "1000")
	requireTerminalSafe(t, "poison list", out)
	shown := 0
	for _, c := range sent {
		if !c.escapes || c.messageID == "" {
			continue
		}
		for _, r := range c.records(o) {
			out := poisonCLI(t, dbURL, "show", r.UUID)
			requireTerminalSafe(t, "poison show "+c.name, out)
			require.Contains(t, out, r.UUID)
			shown++
		}
	}
	require.Positive(t, shown, "records with escapes shown")
}

func poisonCLI(t *testing.T, dbURL string, args ...string) string {
	t.Helper()
	var stdout, stderr bytes.Buffer
	err := poisoncli.Run(context.Background(), poisoncli.Config{
		DatabaseURL: dbURL, Actor: "badinput-test", Stdout: &stdout, Stderr: &stderr,
	}, args)
	require.NoError(t, err, "poison %v: %s", args, stderr.String())
	return stdout.String() + stderr.String()
}

func requireTerminalSafe(t *testing.T, what, out string) {
	t.Helper()
	for i, r := range out {
		if (r < 0x20 && r != '\n' && r != '\t') || r == 0x7f || (r >= 0x80 && r < 0xa0) {
			start := max(0, i-40)
			t.Fatalf("%s prints control character %U at byte %d: %q", what, r, i, out[start:min(len(out), i+40)])
		}
	}
	require.False(t, strings.Contains(out, "\x1b"), what)
}

type poolQuerier = *pgxpool.Pool
