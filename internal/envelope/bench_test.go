package envelope_test

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/eventmesh/processor/internal/envelope"
)

// benchBody is a ~1 KB CloudEvents body: an order with a customer, an
// address, four line items and a note.
var benchBody = []byte(`{"specversion":"1.0","id":"0b9f3c7e-7a1d-4a55-9a51-2c1f7d3f0d11","source":"checkout-api",` +
	`"type":"order-placed","tenant":"acme-shop","time":"2026-03-01T12:00:00.25Z","schemaversion":"v2",` +
	`"datacontenttype":"application/json","data":{"order_id":"0b9f3c7e-7a1d-4a55-9a51-2c1f7d3f0d11",` +
	`"placed_at":"2026-03-01T12:00:00.250+01:00","customer":{"id":"3d6f0c52-8a43-4c1e-b7d2-5e9a1f0c2b44",` +
	`"email":"grace.hopper@example.com","name":"Grace Hopper"},"shipping_address":{"line1":"Keizersgracht 123",` +
	`"line2":"3rd floor","city":"Amsterdam","postal_code":"1015 CJ","country":"NL"},"items":[` +
	`{"sku":"SKU-1001","quantity":2,"unit_price_cents":1250},{"sku":"SKU-2002","quantity":1,"unit_price_cents":4999},` +
	`{"sku":"SKU-3003","quantity":3,"unit_price_cents":399},{"sku":"BOOK-0042","quantity":1,"unit_price_cents":2490}],` +
	`"total":{"value":"113.86","currency":"EUR"},"channel":"web","coupon_codes":["SPRING26","FREESHIP"],` +
	`"notes":"` + strings.Repeat("Leave the parcel with the neighbours. ", 6) + `"}}`)

func BenchmarkDecode(b *testing.B) {
	b.ReportAllocs()
	b.SetBytes(int64(len(benchBody)))
	for b.Loop() {
		if _, err := envelope.Decode(benchBody, ""); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkDecode_legacy(b *testing.B) {
	body := []byte(`{"event_type":"monitor-app","client_id":"client-1","message":{"status":"up","host":"web-01","latency_ms":42}}`)
	b.ReportAllocs()
	b.SetBytes(int64(len(body)))
	for b.Loop() {
		if _, err := envelope.Decode(body, "9f6a4c1e-0000-4000-8000-000000000001"); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkDecode_rejected_plain_text(b *testing.B) {
	body := []byte("bad message: " + strings.Repeat("x", 1000))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := envelope.Decode(body, ""); err == nil {
			b.Fatal("accepted")
		}
	}
}

// BenchmarkStdlibUnmarshal is the baseline: encoding/json into a struct of
// the same attributes, without any of Decode's checks.
func BenchmarkStdlibUnmarshal(b *testing.B) {
	var v struct {
		SpecVersion, ID, Source, Type, Tenant, Time, SchemaVersion, DataContentType string
		Data                                                                        json.RawMessage
	}
	b.ReportAllocs()
	b.SetBytes(int64(len(benchBody)))
	for b.Loop() {
		if err := json.Unmarshal(benchBody, &v); err != nil {
			b.Fatal(err)
		}
	}
}

func TestBenchBody_is_about_1KB(t *testing.T) {
	t.Parallel()
	if len(benchBody) < 900 || len(benchBody) > 1200 {
		t.Fatalf("benchBody is %d bytes", len(benchBody))
	}
}
