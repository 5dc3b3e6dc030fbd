package poisonadmin_test

import (
	"context"
	"testing"

	"github.com/google/uuid"
	"github.com/stretchr/testify/require"

	"github.com/eventmesh/processor/internal/poisonadmin"
	"github.com/eventmesh/processor/internal/rejection"
)

func TestShow_returns_the_whole_record_with_its_binary_body(t *testing.T) {
	t.Parallel()
	b := setup(t)
	body := "\x00\x01\xffbin\x1b[31m"
	id := b.put(t, poisoned{body: body, sqsID: "m-1", attrs: map[string]string{"correlation_id": "c-1"}})

	detail, err := b.admin.Show(context.Background(), id[:8])
	require.NoError(t, err)
	require.Equal(t, id, detail.UUID)
	require.Equal(t, []byte(body), detail.Body)
	require.Equal(t, rejection.ClassEnvelope, detail.Class)
	require.Equal(t, "m-1", detail.SQSMessageID)
	require.Equal(t, "c-1", detail.CorrelationID)
	require.Equal(t, 1, detail.ReceiveCount)
	require.Equal(t, "c-1", detail.Attributes["correlation_id"])
	require.NotEmpty(t, detail.Violations)
	require.Equal(t, poisonadmin.StatusOpen, detail.Status)
	require.False(t, detail.FirstSeenAt.IsZero())
}

func TestShow_lists_the_actions_taken(t *testing.T) {
	t.Parallel()
	b := setup(t)
	ctx := context.Background()
	id := b.put(t, poisoned{body: badCustomer(uuid.NewString())})
	_, err := b.admin.Discard(ctx, poisonadmin.DiscardOptions{Filter: poisonadmin.Filter{IDs: []string{id}}, Reason: "customer deleted"})
	require.NoError(t, err)

	detail, err := b.admin.Show(ctx, id)
	require.NoError(t, err)
	require.Equal(t, poisonadmin.StatusDiscarded, detail.Status)
	require.Len(t, detail.Actions, 1)
	require.Equal(t, "discard", detail.Actions[0].Action)
	require.Equal(t, "customer deleted", detail.Actions[0].Reason)
	require.Equal(t, "tester", detail.Actions[0].Actor)
}

func TestShow_unknown_or_ambiguous_ids_are_errors_scripts_can_tell_apart(t *testing.T) {
	t.Parallel()
	b := setup(t)
	ctx := context.Background()
	for _, id := range []string{"aaaa0000-0000-5000-8000-000000000000", "aaaa1111-0000-5000-8000-000000000000"} {
		_, err := b.pool.Exec(ctx, `INSERT INTO watermill_poison (uuid, payload, metadata, transaction_id)
			VALUES ($1, 'x', '{"reason_class":"envelope_invalid"}', pg_current_xact_id())`, id)
		require.NoError(t, err)
	}

	tests := []struct {
		id   string
		want errKind
	}{
		{"aaaa0", errNone},
		{"aaaa1111-0000-5000-8000-000000000000", errNone},
		{"aaaa", errUsage}, // ambiguous
		{"aaa", errUsage},  // too short
		{"AAAA0", errUsage},
		{"zz-not-hex", errUsage},
		{uuid.NewString(), errNotFound},
	}
	for _, tt := range tests {
		_, err := b.admin.Show(ctx, tt.id)
		require.Equal(t, tt.want, kindOf(err), "id %s: %v", tt.id, err)
	}
}
