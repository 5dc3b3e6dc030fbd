package poisonadmin_test

import (
	"context"
	"testing"

	"github.com/google/uuid"
	"github.com/stretchr/testify/require"

	"github.com/eventmesh/processor/internal/poison"
	"github.com/eventmesh/processor/internal/poisonadmin"
	"github.com/eventmesh/processor/internal/producerauth"
	"github.com/eventmesh/processor/internal/rejection"
)

// mix poisons a known mix and returns the uuids of the records the fixed
// registry lets through, by body, and of all records.
type mix struct {
	passing map[string]string // record uuid → body
	all     []string
	binary  string // record uuid of the binary body
}

func poisonMix(t *testing.T, b *bundle) mix {
	t.Helper()
	m := mix{passing: map[string]string{}}
	add := func(msg poisoned, passes bool) string {
		id := b.put(t, msg)
		m.all = append(m.all, id)
		if passes {
			m.passing[id] = msg.body
		}
		return id
	}
	for range 2 {
		add(poisoned{body: order(uuid.NewString(), false), attrs: map[string]string{"correlation_id": "corr-order", "origin": "checkout"}}, true)
	}
	add(poisoned{body: legacyNumber(7), sqsID: "legacy-" + uuid.NewString()}, true)
	add(poisoned{body: badCustomer(uuid.NewString())}, false)
	add(poisoned{body: unknownTenant(uuid.NewString())}, false)
	add(poisoned{body: "this is not json"}, false)
	m.binary = add(poisoned{body: "\x00\x01\xffbin\x1b[31m"}, false)
	return m
}

func TestReplay_dry_run_predicts_exactly_what_replay_sends_once(t *testing.T) {
	t.Parallel()
	b := setup(t)
	ctx := context.Background()
	m := poisonMix(t, b)

	dry, err := b.admin.Replay(ctx, poisonadmin.ReplayOptions{All: true, DryRun: true})
	require.NoError(t, err)
	predicted := map[string]bool{}
	for _, res := range dry.Results {
		if res.Sent {
			predicted[res.RecordUUID] = true
		}
	}
	require.Len(t, predicted, len(m.passing))
	for id := range m.passing {
		require.True(t, predicted[id], "record %s should be predicted to pass", id)
	}
	require.Equal(t, map[poisonadmin.Verdict]int{
		poisonadmin.VerdictPass: 3, poisonadmin.VerdictFail: 3, poisonadmin.VerdictUnsendable: 1,
	}, dry.Verdicts)
	require.Empty(t, b.drain(t), "a dry run sends nothing")

	report, err := b.admin.Replay(ctx, poisonadmin.ReplayOptions{All: true, Rate: 1000})
	require.NoError(t, err)
	require.Equal(t, 3, report.Sent)

	got := b.drain(t)
	require.Len(t, got, 3)
	for _, msg := range got {
		record := msg.attrs[poison.ReplayOfKey]
		require.Equal(t, m.passing[record], msg.body, "the body is sent byte for byte")
		require.NotContains(t, msg.attrs, "sqs_message_id", "the subscriber's own keys are not sent")
		require.NotEmpty(t, msg.attrs[poison.OriginalMessageIDKey])
	}

	again, err := b.admin.Replay(ctx, poisonadmin.ReplayOptions{All: true, Rate: 1000})
	require.NoError(t, err)
	require.Zero(t, again.Sent)
	require.Equal(t, 3, again.Settled)
	require.Empty(t, b.drain(t), "a second replay sends nothing")
}

func TestReplay_keeps_event_id_attributes_and_correlation_id(t *testing.T) {
	t.Parallel()
	b := setup(t)
	ctx := context.Background()
	eventID := uuid.NewString()
	cloud := b.put(t, poisoned{body: order(eventID, false), sqsID: "sqs-1",
		attrs: map[string]string{"correlation_id": "corr-1", "origin": "checkout"}})
	legacySQSID := "legacy-" + uuid.NewString()
	legacy := b.put(t, poisoned{body: legacyNumber(1), sqsID: legacySQSID})

	_, err := b.admin.Replay(ctx, poisonadmin.ReplayOptions{Filter: poisonadmin.Filter{IDs: []string{cloud, legacy}}, Rate: 1000})
	require.NoError(t, err)

	byRecord := map[string]received{}
	for _, msg := range b.drain(t) {
		byRecord[msg.attrs[poison.ReplayOfKey]] = msg
	}
	require.Len(t, byRecord, 2)
	require.Equal(t, eventID, byRecord[cloud].uuid, "the Watermill UUID is the event id")
	record, err := b.admin.Show(ctx, cloud)
	require.NoError(t, err)
	require.Equal(t, map[string]string{
		"_watermill_message_uuid": eventID, "correlation_id": "corr-1", "origin": "checkout",
		poison.ReplayOfKey: cloud, poison.OriginalMessageIDKey: "sqs-1",
		producerauth.SignatureAttribute: record.Attributes[producerauth.SignatureAttribute],
	}, byRecord[cloud].attrs, "the producer's signature is kept")
	require.Equal(t, legacySQSID, byRecord[legacy].uuid, "a legacy event's id is its first SQS message id")
	require.Equal(t, legacySQSID, byRecord[legacy].attrs[poison.OriginalMessageIDKey])
}

func TestReplay_interrupted_then_resumed_sends_each_record_once(t *testing.T) {
	t.Parallel()
	b := setup(t)
	var ids []string
	for range 6 {
		ids = append(ids, b.put(t, poisoned{body: order(uuid.NewString(), false)}))
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	sent := 0
	report, err := b.admin.Replay(ctx, poisonadmin.ReplayOptions{
		Filter: poisonadmin.Filter{Tenant: "acme-shop"}, Rate: 20,
		OnResult: func(res poisonadmin.ReplayResult) {
			if sent++; sent == 2 {
				cancel()
			}
		},
	})
	require.ErrorIs(t, err, context.Canceled)
	require.Equal(t, errInterrupted, kindOf(err))
	require.Equal(t, 2, report.Sent)

	resumed, err := b.admin.Replay(context.Background(), poisonadmin.ReplayOptions{Filter: poisonadmin.Filter{Tenant: "acme-shop"}, Rate: 1000})
	require.NoError(t, err)
	require.Equal(t, 4, resumed.Sent)
	require.Equal(t, 2, resumed.Settled)

	seen := map[string]int{}
	for _, msg := range b.drain(t) {
		seen[msg.attrs[poison.ReplayOfKey]]++
	}
	require.Len(t, seen, 6)
	for _, id := range ids {
		require.Equal(t, 1, seen[id], "record %s", id)
	}
}

func TestReplay_resends_a_send_that_was_never_confirmed(t *testing.T) {
	t.Parallel()
	b := setup(t)
	ctx := context.Background()
	id := b.put(t, poisoned{body: order(uuid.NewString(), false)})
	_, err := b.admin.Replay(ctx, poisonadmin.ReplayOptions{Filter: poisonadmin.Filter{IDs: []string{id}}})
	require.NoError(t, err)
	require.Len(t, b.drain(t), 1)

	// A crash between the send and its confirmation leaves the action "sending".
	_, err = b.pool.Exec(ctx, `UPDATE poison_actions SET state = 'sending' WHERE record_uuid = $1`, id)
	require.NoError(t, err)

	report, err := b.admin.Replay(ctx, poisonadmin.ReplayOptions{Filter: poisonadmin.Filter{IDs: []string{id}}})
	require.NoError(t, err)
	require.Equal(t, 1, report.Sent, "at least once: an unconfirmed send is sent again")
	require.Len(t, b.drain(t), 1)
}

func TestReplay_record_poisoned_again_after_replay_is_open_again(t *testing.T) {
	t.Parallel()
	b := setup(t)
	ctx := context.Background()
	msg := poisoned{body: order(uuid.NewString(), false)}
	id := b.put(t, msg)
	selection := poisonadmin.ReplayOptions{Filter: poisonadmin.Filter{IDs: []string{id}}}
	_, err := b.admin.Replay(ctx, selection)
	require.NoError(t, err)
	require.Len(t, b.drain(t), 1)

	require.Equal(t, id, b.put(t, msg), "the processor poisons the replayed event again")

	detail, err := b.admin.Show(ctx, id)
	require.NoError(t, err)
	require.Equal(t, poisonadmin.StatusOpen, detail.Status)
	require.Equal(t, 2, detail.SeenCount)
	report, err := b.admin.Replay(ctx, selection)
	require.NoError(t, err)
	require.Equal(t, 1, report.Sent)
	require.Len(t, b.drain(t), 1)

	detail, err = b.admin.Show(ctx, id)
	require.NoError(t, err)
	require.Equal(t, poisonadmin.StatusReplayed, detail.Status)
	require.Equal(t, 2, detail.Replays)
}

func TestReplay_predicts_stored_events_as_duplicates_or_conflicts(t *testing.T) {
	t.Parallel()
	b := setup(t)
	ctx := context.Background()
	same, other := uuid.NewString(), uuid.NewString()
	sameBody := order(same, false)
	storeEvent(t, b, sameBody)
	storeEvent(t, b, order(other, true)) // the same id, another payload
	dup := b.put(t, poisoned{body: sameBody})
	conflict := b.put(t, poisoned{body: order(other, false)})

	report, err := b.admin.Replay(ctx, poisonadmin.ReplayOptions{Filter: poisonadmin.Filter{IDs: []string{dup, conflict}}, DryRun: true})
	require.NoError(t, err)
	verdicts := map[string]poisonadmin.ReplayResult{}
	for _, res := range report.Results {
		verdicts[res.RecordUUID] = res
	}
	require.Equal(t, poisonadmin.VerdictDuplicate, verdicts[dup].Verdict)
	require.Equal(t, poisonadmin.VerdictFail, verdicts[conflict].Verdict)
	require.Equal(t, rejection.ClassConflict, verdicts[conflict].Prediction.Class)
}

func TestReplay_force_sends_records_predicted_to_fail_but_never_unsendable_ones(t *testing.T) {
	t.Parallel()
	b := setup(t)
	m := poisonMix(t, b)
	report, err := b.admin.Replay(context.Background(), poisonadmin.ReplayOptions{All: true, Force: true, Rate: 1000})
	require.NoError(t, err)
	require.Equal(t, len(m.all)-1, report.Sent)
	for _, msg := range b.drain(t) {
		require.NotEqual(t, m.binary, msg.attrs[poison.ReplayOfKey])
	}
}
