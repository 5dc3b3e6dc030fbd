package envelope_test

import (
	"encoding/json"
	"regexp"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/eventmesh/processor/internal/envelope"
	"github.com/eventmesh/processor/internal/rejection"
)

func TestMarshal_round_trips_through_Decode(t *testing.T) {
	t.Parallel()
	ev, err := envelope.NewCloudEvent("acme", "billing-api", "order-created", map[string]any{"total": "10.00"})
	require.NoError(t, err)
	ev.SchemaVersion = "v2"

	body, err := envelope.Marshal(*ev)
	require.NoError(t, err)
	got, err := envelope.Decode(body, "ignored")
	require.NoError(t, err)

	require.True(t, ev.Time.Equal(got.Time))
	got.Time = ev.Time
	require.Equal(t, ev, got)
}

func TestMarshalLegacy_round_trips_with_the_fallback_id(t *testing.T) {
	t.Parallel()
	ev := envelope.Event{ID: sqsID, Tenant: "client-2", Producer: envelope.LegacyProducer, Type: "transaction-app", Format: envelope.FormatLegacy, Data: json.RawMessage(`{"amount":3}`)}

	body, err := envelope.MarshalLegacy(ev)
	require.NoError(t, err)
	require.JSONEq(t, `{"event_type":"transaction-app","client_id":"client-2","message":{"amount":3}}`, string(body))
	got, err := envelope.Decode(body, sqsID)
	require.NoError(t, err)
	require.Equal(t, ev, *got)
}

func TestMarshal_refuses_an_envelope_Decode_would_reject(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		ev   envelope.Event
		path string
	}{
		{name: "invalid tenant", ev: envelope.Event{ID: "e", Tenant: "Acme", Producer: "p", Type: "t", Data: json.RawMessage(`1`)}, path: "/tenant"},
		{name: "no id", ev: envelope.Event{Tenant: "acme", Producer: "p", Type: "t", Data: json.RawMessage(`1`)}, path: "/id"},
		{name: "no data", ev: envelope.Event{ID: "e", Tenant: "acme", Producer: "p", Type: "t"}, path: "/data"},
		{name: "bad version", ev: envelope.Event{ID: "e", Tenant: "acme", Producer: "p", Type: "t", SchemaVersion: "2", Data: json.RawMessage(`1`)}, path: "/schemaversion"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			_, err := envelope.Marshal(tt.ev)
			rejected, ok := rejection.As(err)
			require.True(t, ok, "got %v", err)
			require.Equal(t, tt.path, rejected.Violations[0].Path)
		})
	}
}

func TestNewID_is_a_random_uuid_v4(t *testing.T) {
	t.Parallel()
	v4 := regexp.MustCompile(`^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$`)
	a, b := envelope.NewID(), envelope.NewID()
	require.Regexp(t, v4, a)
	require.NotEqual(t, a, b)
}
