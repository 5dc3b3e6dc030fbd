package poisoncli_test

import (
	"bytes"
	"cmp"
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/stretchr/testify/require"

	"github.com/eventmesh/processor/cmd/poison/poisoncli"
	"github.com/eventmesh/processor/internal/groupcommit"
	"github.com/eventmesh/processor/internal/poison"
	"github.com/eventmesh/processor/internal/rejection"
	"github.com/eventmesh/processor/internal/testenv"
)

// world is what a test of the command line needs: a poison queue of its own
// (a Postgres schema of its own, written with the processor's poison.Store)
// and an SQS queue of its own that replays send to.
type world struct {
	store       *poison.Store
	queue       *testQueue
	databaseURL string // the test database with search_path on the test's schema
}

func setup(t *testing.T) *world {
	t.Helper()
	schema := testenv.FreshSchema(t, "poisoncli")
	store, err := poison.NewStore(t.Context(), schema.Pool, groupcommit.Config{Writers: 1})
	require.NoError(t, err)
	t.Cleanup(store.Close)
	return &world{store: store, queue: newQueue(t, "poisoncli"), databaseURL: schema.URL}
}

// run runs the command line against the test's poison queue and SQS queue,
// with the embedded schemas, and returns what it printed and its exit code.
func (w *world) run(t *testing.T, args ...string) (stdout string, exit int) {
	t.Helper()
	return w.runWith(t, w.databaseURL, args...)
}

func (w *world) runWith(t *testing.T, databaseURL string, args ...string) (string, int) {
	t.Helper()
	return run(t, poisoncli.Config{
		DatabaseURL: databaseURL, AWS: testenv.SQSConfig(t), QueueName: w.queue.name, Actor: "cli-tester",
		Now: func() time.Time { return time.Date(2026, 3, 2, 10, 0, 0, 0, time.UTC) },
	}, args...)
}

// run runs the command line with cfg, printing to buffers of its own, and
// returns what it printed to Stdout and its exit code.
func run(t *testing.T, cfg poisoncli.Config, args ...string) (stdout string, exit int) {
	t.Helper()
	var out, errOut bytes.Buffer
	cfg.Stdout, cfg.Stderr = &out, &errOut
	err := poisoncli.Run(t.Context(), cfg, args)
	return out.String(), poisoncli.ExitCode(err)
}

// record is a message the processor poisoned: its body, the rejection it
// got (whose tenant and event id name the record), the SQS message id and
// attributes it arrived with, and when it was seen.
type record struct {
	body   string
	reason rejection.Error
	sqsID  string            // default: a fresh id
	attrs  map[string]string // default: none
	seenAt time.Time         // default: now
}

// put records r in the test's poison queue as the processor's poison
// middleware does, and returns the record's uuid.
func (w *world) put(t *testing.T, r record) string {
	t.Helper()
	sqsID := cmp.Or(r.sqsID, uuid.NewString())
	rejected := &poison.Rejected{
		Body: []byte(r.body), Attributes: r.attrs, Reason: &r.reason,
		SQSMessageID: sqsID, ReceiveCount: "1", Handler: "store_event", SeenAt: cmp.Or(r.seenAt, time.Now()),
	}
	require.NoError(t, w.store.Put(t.Context(), rejected))
	return rejected.RecordUUID()
}

// Records of each kind the tests poison. Each is rejected for what its body
// is, but rejectedWhileSuspended, which passes the embedded schemas now.

// violation is an event of tenant's producer with an empty payload, which
// breaks its schema at path.
func violation(tenant, producer, eventType, path string) record {
	id := uuid.NewString()
	return record{
		body: cloudEvent(id, tenant, producer, eventType),
		reason: rejection.Error{
			Class: rejection.ClassSchema, Tenant: tenant, Producer: producer, EventType: eventType, EventID: id,
			Violations: []rejection.Violation{{Path: path, Message: "missing or invalid"}},
		},
	}
}

// unknownTenant is an order of a tenant the registry does not know.
func unknownTenant() record {
	id := uuid.NewString()
	return record{
		body:   cloudEvent(id, "ghost-corp", "checkout-api", "order-placed"),
		reason: rejection.Error{Class: rejection.ClassTenantUnknown, Tenant: "ghost-corp", EventID: id, Err: errors.New("unknown tenant")},
	}
}

// notAnEnvelope is a body that is no event at all.
func notAnEnvelope(body string) record {
	return record{body: body, reason: rejection.Error{Class: rejection.ClassEnvelope, Err: errors.New("not a JSON object")}}
}

// rejectedWhileSuspended is a legacy event of client-1 (whose producer
// signs nothing) rejected while the tenant was suspended: it passes the
// embedded schemas, so a replay sends it. Its event id is its SQS message
// id.
func rejectedWhileSuspended(message string) record {
	sqsID := "legacy-" + uuid.NewString()
	return record{
		body:  fmt.Sprintf(`{"event_type":"user-app","client_id":"client-1","message":%q}`, message),
		sqsID: sqsID,
		reason: rejection.Error{
			Class: rejection.ClassTenantInactive, Tenant: "client-1", Producer: "legacy", EventType: "user-app", EventID: sqsID,
		},
	}
}

func cloudEvent(id, tenant, producer, eventType string) string {
	return fmt.Sprintf(`{"specversion":"1.0","id":%q,"source":%q,"type":%q,"tenant":%q,"data":{}}`, id, producer, eventType, tenant)
}
