package store

import (
	"encoding/json"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/eventmesh/processor/internal/envelope"
)

// The metadata column is the JSON value encoding/json gives for the map of
// the non-empty attributes, whatever the strings hold.
func TestMetadataJSON_is_the_map_encoding_json_would_write(t *testing.T) {
	t.Parallel()
	at := time.Date(2026, 11, 26, 9, 0, 0, 123456789, time.UTC)
	for _, s := range []string{"plain", "", `quote " backslash \ slash /`, "ctl \x00\x01\x1f\t\n", "<html>&", "ünïcode ✓ 😀",
		"bad utf8 \xff\xfe", "line sep \u2028 para \u2029", "\x7f"} {
		ev := &envelope.Event{ID: s, Tenant: "acme-shop", Producer: s, Type: "t", SchemaVersion: "v1", Time: at, Format: envelope.FormatCloudEvents}
		d := Delivery{CorrelationID: s, SQSMessageID: "m-1", SentAt: at, ReceivedAt: at.Add(time.Millisecond)}
		got := metadataJSON(ev, d)
		require.True(t, json.Valid([]byte(got)), got)

		want := map[string]string{}
		for k, v := range map[string]string{
			MetaTenant: ev.Tenant, MetaProducer: ev.Producer, MetaEventType: ev.Type, MetaSchemaVersion: ev.SchemaVersion,
			MetaEventID: ev.ID, MetaEventTime: formatTime(ev.Time), MetaFormat: string(ev.Format), MetaCorrelationID: d.CorrelationID,
			MetaSQSMessageID: d.SQSMessageID, MetaSentAt: formatTime(d.SentAt), MetaReceivedAt: formatTime(d.ReceivedAt),
		} {
			if v != "" {
				want[k] = v
			}
		}
		wantJSON, err := json.Marshal(want)
		require.NoError(t, err)
		var gotMap, wantMap map[string]string
		require.NoError(t, json.Unmarshal([]byte(got), &gotMap))
		require.NoError(t, json.Unmarshal(wantJSON, &wantMap))
		require.Equal(t, wantMap, gotMap, "%q", s)
	}
}

func BenchmarkMetadataJSON(b *testing.B) {
	at := time.Now()
	ev := &envelope.Event{ID: "0b6c7f0e-6d8e-4f59-9a57-0f0a3c5e8d21", Tenant: "acme-shop", Producer: "crm", Type: "customer-registered",
		SchemaVersion: "v1", Time: at, Format: envelope.FormatCloudEvents}
	d := Delivery{CorrelationID: "04465ce8-3e7d-423e-99ee-292b43c656c7", SQSMessageID: "8f6b3c1e-2b8e-4d1b-9d7a-3b6c2f1e0a9d", SentAt: at, ReceivedAt: at}
	b.ReportAllocs()
	for b.Loop() {
		_ = metadataJSON(ev, d)
	}
}

func TestValidTenant_matches_the_tenant_pattern(t *testing.T) {
	t.Parallel()
	pattern := regexp.MustCompile(TenantIDPattern)
	for _, tenant := range []string{"", "a", "acme-shop", "client_1", "-a", "_a", "A", "a.b", "a b", "é", "a\x00",
		strings.Repeat("a", 32), strings.Repeat("a", 33), strings.Repeat("a", 63), strings.Repeat("a", 64), "0", "9-", "z_", "a/b", "a;"} {
		require.Equal(t, pattern.MatchString(tenant), validTenant(tenant), "%q", tenant)
	}
}
