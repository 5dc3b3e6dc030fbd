package poisonadmin_test

import (
	"context"
	"errors"
	"testing"
	"testing/fstest"
	"time"

	"github.com/google/uuid"
	"github.com/stretchr/testify/require"

	"github.com/eventmesh/processor/internal/envelope"
	"github.com/eventmesh/processor/internal/poison"
	"github.com/eventmesh/processor/internal/poisonadmin"
	"github.com/eventmesh/processor/internal/registry"
	"github.com/eventmesh/processor/internal/rejection"
	"github.com/eventmesh/processor/internal/testenv"
)

// Issue 9: the stored event holds numbers beyond float64; a poisoned event
// with the same id holds the same numbers one digit apart (a conflict), and
// another holds the stored value spelled otherwise (a duplicate).
func TestReplay_predicts_payloads_one_digit_apart_beyond_float64_as_a_conflict(t *testing.T) {
	t.Parallel()
	b := setup(t)
	ctx := context.Background()
	admin := anyObjectAdmin(t, b)
	id := uuid.NewString()
	storeEvent(t, b, anyObject(id, `{"account":12345678901234567890,"v":9007199254740993}`))
	conflict := putConflict(t, b, anyObject(id, `{"account":12345678901234567891,"v":9007199254740992}`))
	dup := putConflict(t, b, anyObject(id, `{ "v" : 9007199254740993.0, "account" : 1.2345678901234567890e19 }`))

	report, err := admin.Replay(ctx, poisonadmin.ReplayOptions{Filter: poisonadmin.Filter{IDs: []string{conflict, dup}}, DryRun: true})
	require.NoError(t, err)
	verdicts := map[string]poisonadmin.Prediction{}
	for _, res := range report.Results {
		verdicts[res.RecordUUID] = res.Prediction
	}
	require.Equal(t, poisonadmin.VerdictFail, verdicts[conflict].Verdict, "%+v", verdicts[conflict])
	require.Equal(t, rejection.ClassConflict, verdicts[conflict].Class)
	require.Equal(t, poisonadmin.VerdictDuplicate, verdicts[dup].Verdict, "%+v", verdicts[dup])
}

// anyObjectAdmin is an Admin over b's poison queue whose registry has one
// tenant, "exact-numbers", whose producer "p" emits events "e" of any object.
func anyObjectAdmin(t *testing.T, b *bundle) *poisonadmin.Admin {
	t.Helper()
	reg, err := registry.Load(fstest.MapFS{
		"exact-numbers/tenant.json": {Data: []byte(`{"id":"exact-numbers","display_name":"Exact numbers","active":true,` +
			`"producers":{"p":["e"]},"authentication":{"p":{"method":"none"}},"event_types":{"e":{"default_version":"v1"}}}`)},
		"exact-numbers/e/v1.json": {Data: []byte(`{"$schema":"https://json-schema.org/draft/2020-12/schema","type":"object"}`)},
	})
	require.NoError(t, err)
	admin, err := poisonadmin.New(context.Background(), poisonadmin.Config{
		Pool: b.pool, Actor: "tester", Registry: reg, AWS: testenv.SQSConfig(t), QueueName: b.queue,
	})
	require.NoError(t, err)
	return admin
}

func anyObject(id, data string) string {
	return `{"specversion":"1.0","id":"` + id + `","source":"p","type":"e","tenant":"exact-numbers","data":` + data + `}`
}

// putConflict poisons body as the processor does when the store rejects
// it as a conflict, and returns the record's uuid.
func putConflict(t *testing.T, b *bundle, body string) string {
	t.Helper()
	sqsID := uuid.NewString()
	ev, err := envelope.Decode([]byte(body), sqsID)
	require.NoError(t, err)
	rejected := &poison.Rejected{
		Body: []byte(body), Attributes: map[string]string{"sqs_message_id": sqsID, "sqs_receive_count": "1"},
		Reason: &rejection.Error{
			Class: rejection.ClassConflict, Tenant: ev.Tenant, Producer: ev.Producer, EventType: ev.Type, EventID: ev.ID,
			Err: errors.New("event id already stored with a different payload"),
		},
		SQSMessageID: sqsID, ReceiveCount: "1", Handler: "store_event", SeenAt: time.Now(),
	}
	require.NoError(t, b.poison.Put(context.Background(), rejected))
	return rejected.RecordUUID()
}
