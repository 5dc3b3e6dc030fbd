package envelope_test

import (
	"encoding/json"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/eventmesh/processor/internal/envelope"
	"github.com/eventmesh/processor/internal/rejection"
)

const sqsID = "9f6a4c1e-0000-4000-8000-000000000001"

func TestDecode_accepts_valid_envelopes(t *testing.T) {
	t.Parallel()
	at := time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)
	tests := []struct {
		name string
		body string
		want envelope.Event
	}{
		{
			name: "cloudevents minimal",
			body: `{"specversion":"1.0","id":"e-1","source":"billing-api","type":"order-created","tenant":"acme","data":{"a":1}}`,
			want: envelope.Event{ID: "e-1", Tenant: "acme", Producer: "billing-api", Type: "order-created", Format: envelope.FormatCloudEvents, Data: json.RawMessage(`{"a":1}`)},
		},
		{
			name: "cloudevents full with schemaversion and dataschema agreeing",
			body: `{"specversion":"1.0","id":"e-2","source":"billing-api","type":"order-created","tenant":"acme","time":"2026-03-01T13:00:00+01:00",
				"datacontenttype":"application/json; charset=utf-8","dataschema":"https://schemas.example.com/acme/order-created/v2.json","schemaversion":"v2",
				"traceparent":"00-abc-def-01","sampled":true,"priority":3,"comexampleextension1":null,"data":"text"}`,
			want: envelope.Event{ID: "e-2", Tenant: "acme", Producer: "billing-api", Type: "order-created", SchemaVersion: "v2", Time: at, Format: envelope.FormatCloudEvents, Data: json.RawMessage(`"text"`)},
		},
		{
			name: "cloudevents version from dataschema only",
			body: `{"specversion":"1.0","id":"e-3","source":"s","type":"t","tenant":"t_1","dataschema":"https://schemas.example.com/t_1/t/v3","data":[1,2]}`,
			want: envelope.Event{ID: "e-3", Tenant: "t_1", Producer: "s", Type: "t", SchemaVersion: "v3", Format: envelope.FormatCloudEvents, Data: json.RawMessage(`[1,2]`)},
		},
		{
			name: "cloudevents dataschema without a version segment",
			body: `{"specversion":"1.0","id":"e-4","source":"s","type":"t","tenant":"acme","dataschema":"https://example.com/order.json","time":null,"data":{}}`,
			want: envelope.Event{ID: "e-4", Tenant: "acme", Producer: "s", Type: "t", Format: envelope.FormatCloudEvents, Data: json.RawMessage(`{}`)},
		},
		{
			name: "cloudevents escaped strings and unicode data",
			body: `{"specversion":"1.0","id":"caf\u00e9-\"1\"","source":"s","type":"t","tenant":"acme","data":{"k":"\ud83d\ude00 ok","\u006b2":"v"}}`,
			want: envelope.Event{ID: `café-"1"`, Tenant: "acme", Producer: "s", Type: "t", Format: envelope.FormatCloudEvents, Data: json.RawMessage(`{"k":"\ud83d\ude00 ok","\u006b2":"v"}`)},
		},
		{
			name: "legacy object message",
			body: ` {"event_type":"monitor-app","client_id":"client-1","message":{"status":"up"}} `,
			want: envelope.Event{ID: sqsID, Tenant: "client-1", Producer: "legacy", Type: "monitor-app", Format: envelope.FormatLegacy, Data: json.RawMessage(`{"status":"up"}`)},
		},
		{
			name: "legacy string message",
			body: `{"message":"user logged in","client_id":"client-3","event_type":"user-app"}`,
			want: envelope.Event{ID: sqsID, Tenant: "client-3", Producer: "legacy", Type: "user-app", Format: envelope.FormatLegacy, Data: json.RawMessage(`"user logged in"`)},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got, err := envelope.Decode([]byte(tt.body), sqsID)
			require.NoError(t, err)
			require.True(t, tt.want.Time.Equal(got.Time), "time %v, want %v", got.Time, tt.want.Time)
			got.Time = tt.want.Time
			require.Equal(t, tt.want, *got)
		})
	}
}

func TestDecode_data_does_not_alias_body(t *testing.T) {
	t.Parallel()
	body := []byte(`{"specversion":"1.0","id":"e","source":"s","type":"t","tenant":"acme","data":{"a":1}}`)
	ev, err := envelope.Decode(body, "")
	require.NoError(t, err)
	copy(body, strings.Repeat("x", len(body)))
	require.JSONEq(t, `{"a":1}`, string(ev.Data))
}

func TestDecode_rejected_envelope_reports_known_fields(t *testing.T) {
	t.Parallel()
	_, err := envelope.Decode([]byte(`{"specversion":"1.0","id":"e-9","source":"s","type":"t","tenant":"Acme","data":1}`), "")
	rejected, ok := rejection.As(err)
	require.True(t, ok)
	require.Equal(t, rejection.ClassEnvelope, rejected.Class)
	require.Equal(t, "e-9", rejected.EventID)
	require.Equal(t, "s", rejected.Producer)
	require.Equal(t, "t", rejected.EventType)
	require.Empty(t, rejected.Tenant, "an invalid tenant id is never reported as the tenant")
	require.Equal(t, []rejection.Violation{{Path: "/tenant", Message: "must match ^[a-z0-9][a-z0-9_-]{0,62}$"}}, rejected.Violations)
}

func TestDecode_rejects_every_truncation_without_reading_past_the_end(t *testing.T) {
	t.Parallel()
	data := `{"a":[0,1.5e3,"x\u00e9",true,null,{"b":[]}],"c":{}}`
	body := []byte(`{"specversion":"1.0","id":"e","source":"s","type":"t","tenant":"acme","data":` + data + `}`)
	for n := range len(body) {
		prefix := slices.Clip(slices.Clone(body[:n]))
		_, err := envelope.Decode(prefix, "")
		rejected, ok := rejection.As(err)
		require.True(t, ok, "prefix %q: %v", prefix, err)
		require.Equal(t, rejection.ClassEnvelope, rejected.Class)
	}
	for n := range len(data) {
		_, err := envelope.ParseJSON(slices.Clip([]byte(data[:n])))
		require.Error(t, err, "prefix %q", data[:n])
	}
}
