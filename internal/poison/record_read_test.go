package poison_test

import (
	"encoding/json"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/eventmesh/processor/internal/poison"
	"github.com/eventmesh/processor/internal/rejection"
)

func TestParseRecord_reads_back_what_Rejected_writes(t *testing.T) {
	t.Parallel()
	seen := time.Date(2026, 3, 1, 12, 0, 0, 123456789, time.UTC)
	rejected := &poison.Rejected{
		Body:       []byte("not json\x00"),
		Attributes: map[string]string{"correlation_id": "c1", "sqs_message_id": "m1"},
		Reason: &rejection.Error{
			Class: rejection.ClassSchema, Tenant: "client-1", Producer: "legacy", EventType: "user-app",
			SchemaVersion: "v1", EventID: "e1",
			Violations: []rejection.Violation{{Path: "/name", Message: "missing"}},
		},
		SQSMessageID: "m1", ReceiveCount: "3", CorrelationID: "c1", Handler: "store_event", SeenAt: seen,
	}
	msg := rejected.Message()
	metadata, err := json.Marshal(msg.Metadata)
	require.NoError(t, err)

	r := poison.ParseRecord(7, msg.UUID, seen, msg.Payload, metadata)

	require.Equal(t, rejection.ClassSchema, r.Class)
	require.Equal(t, []rejection.Violation{{Path: "/name", Message: "missing"}}, r.Violations)
	require.Equal(t, "client-1", r.Tenant)
	require.Equal(t, "e1", r.EventID)
	require.Equal(t, "m1", r.SQSMessageID)
	require.Equal(t, 3, r.ReceiveCount)
	require.Equal(t, 1, r.SeenCount)
	require.True(t, seen.Equal(r.FirstSeenAt))
	require.True(t, seen.Equal(r.LastSeenAt))
	require.Equal(t, map[string]string{"correlation_id": "c1", "sqs_message_id": "m1"}, r.Attributes)
	require.Equal(t, []byte("not json\x00"), r.Body)
}

func TestParseRecord_is_lenient_with_malformed_metadata(t *testing.T) {
	t.Parallel()
	for name, metadata := range map[string]string{
		"none":           ``,
		"null":           `null`,
		"not an object":  `[1,2]`,
		"bad violations": `{"violations":"{oops","seen_count":"x"}`,
	} {
		r := poison.ParseRecord(1, "u", time.Time{}, nil, []byte(metadata))
		require.NotNil(t, r, name)
		require.Zero(t, r.SeenCount, name)
	}
	r := poison.ParseRecord(1, "u", time.Time{}, nil, []byte(`{"violations":"{oops"}`))
	require.Len(t, r.Violations, 1)
	require.Contains(t, r.Violations[0].Message, "unparseable")
}

func TestMessagesTable_is_the_watermill_poison_table(t *testing.T) {
	t.Parallel()
	require.Equal(t, `"watermill_poison"`, poison.MessagesTable())
}
