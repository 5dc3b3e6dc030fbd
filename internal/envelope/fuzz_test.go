package envelope_test

import (
	"encoding/json"
	"testing"
	"unicode/utf8"

	"github.com/stretchr/testify/require"

	"github.com/eventmesh/processor/internal/envelope"
	"github.com/eventmesh/processor/internal/rejection"
)

// FuzzDecode checks that Decode never panics, rejects only with
// ClassEnvelope, and accepts only what encoding/json also accepts, with
// every invariant of an accepted event holding. Seeds: testdata/fuzz.
func FuzzDecode(f *testing.F) {
	f.Add([]byte(ce()), "fallback")
	f.Add([]byte(`{"event_type":"user-app","client_id":"client-1","message":"hi"}`), sqsID)
	f.Add([]byte(`{"event_type":"monitor-app","client_id":"client-1","message":"SALVE O CORINTHIANS! 0","MessageId":""}`), sqsID)
	f.Add([]byte(`{"EVENT_TYPE":"user-app","Client_Id":"client-1","meſſage":{"a":1},"extra":[1]}`), sqsID)
	f.Add([]byte(ce("time", `"time":"1990-12-31t15:59:60.5-08:00"`, "subject", `"s"`)), "")
	f.Add([]byte(ce("source", `"http://[v7.fe80::a+en1]:80/p?q#f"`, "dataschema", `"urn:x:v2"`, "datacontenttype", `"text/json;a="b\\";"`)), "")
	f.Fuzz(func(t *testing.T, body []byte, fallbackID string) {
		ev, err := envelope.Decode(body, fallbackID)
		if err != nil {
			rejected, ok := rejection.As(err)
			require.True(t, ok, "not a rejection: %v", err)
			require.Equal(t, rejection.ClassEnvelope, rejected.Class)
			require.NotEmpty(t, rejected.Violations)
			return
		}
		require.True(t, json.Valid(body), "accepted invalid JSON")
		require.True(t, utf8.Valid(body), "accepted invalid UTF-8")
		require.True(t, envelope.ValidTenantID(ev.Tenant))
		require.NotEmpty(t, ev.ID)
		require.LessOrEqual(t, len(ev.ID), envelope.MaxIDLength)
		require.NotEmpty(t, ev.Producer)
		require.NotEmpty(t, ev.Type)
		require.True(t, json.Valid(ev.Data), "data is not JSON")
		if ev.SchemaVersion != "" {
			require.True(t, envelope.ValidSchemaVersion(ev.SchemaVersion))
		}
		reencoded, err := envelope.Marshal(*ev)
		require.NoError(t, err, "an accepted event must re-encode")
		again, err := envelope.Decode(reencoded, "")
		require.NoError(t, err)
		require.Equal(t, ev.ID, again.ID)
		require.Equal(t, ev.Tenant, again.Tenant)
		require.True(t, ev.Time.Equal(again.Time))
	})
}
