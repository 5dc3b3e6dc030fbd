package registry_test

import (
	"strings"
	"testing"

	"github.com/eventmesh/processor/internal/envelope"
	"github.com/eventmesh/processor/internal/registry"
	"github.com/eventmesh/processor/schemas"
)

// benchBody is the ~1 KB order of envelope's benchmark: formats (uuid,
// email, date-time), nested objects, an array of $ref'd items, enums,
// patterns and uniqueItems.
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

func benchRegistry(b *testing.B) *registry.Registry {
	b.Helper()
	reg, err := registry.Load(schemas.FS)
	if err != nil {
		b.Fatal(err)
	}
	return reg
}

func BenchmarkDecodeValidate(b *testing.B) {
	reg := benchRegistry(b)
	b.ReportAllocs()
	b.SetBytes(int64(len(benchBody)))
	for b.Loop() {
		ev, err := envelope.Decode(benchBody, "")
		if err != nil {
			b.Fatal(err)
		}
		if err := reg.Validate(ev); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkDecodeValidate_parallel(b *testing.B) {
	reg := benchRegistry(b)
	b.ReportAllocs()
	b.SetBytes(int64(len(benchBody)))
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			ev, err := envelope.Decode(benchBody, "")
			if err != nil {
				b.Fatal(err)
			}
			if err := reg.Validate(ev); err != nil {
				b.Fatal(err)
			}
		}
	})
}

func BenchmarkValidate_schema_violation(b *testing.B) {
	reg := benchRegistry(b)
	body := []byte(strings.Replace(string(benchBody), `"channel":"web"`, `"channel":"fax"`, 1))
	b.ReportAllocs()
	for b.Loop() {
		ev, err := envelope.Decode(body, "")
		if err != nil {
			b.Fatal(err)
		}
		if err := reg.Validate(ev); err == nil {
			b.Fatal("accepted")
		}
	}
}

func BenchmarkLoad(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		if _, err := registry.Load(schemas.FS); err != nil {
			b.Fatal(err)
		}
	}
}
