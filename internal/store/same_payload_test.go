package store_test

import (
	"context"
	"sync"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/eventmesh/processor/internal/rejection"
	"github.com/eventmesh/processor/internal/store"
)

// Issue 9: two payloads one digit apart in numbers float64 cannot tell apart
// (beyond 2^64 and 2^53), and the first spelled otherwise.
const (
	bigNumbers          = `{"account":12345678901234567890,"v":9007199254740993}`
	bigNumbersOneDigit  = `{"account":12345678901234567891,"v":9007199254740992}`
	bigNumbersRespelled = `{ "v" : 9007199254740993.0, "account" : 1.2345678901234567890e19 }`
)

func TestEventStore_payload_one_digit_apart_beyond_float64_is_a_conflict(t *testing.T) {
	t.Parallel()
	b := setup(t)
	ctx := context.Background()

	outcome, err := b.store.Save(ctx, event(b.tenant, "e1", bigNumbers), store.Delivery{})
	require.NoError(t, err)
	require.Equal(t, store.Stored, outcome)

	outcome, err = b.store.Save(ctx, event(b.tenant, "e1", bigNumbersOneDigit), store.Delivery{})
	rejected, ok := rejection.As(err)
	require.True(t, ok, "want a conflict, got outcome %v and error %v", outcome, err)
	require.Equal(t, rejection.ClassConflict, rejected.Class)
	require.Equal(t, 1, b.count())
}

func TestEventStore_same_big_numbers_spelled_otherwise_are_a_duplicate(t *testing.T) {
	t.Parallel()
	b := setup(t)
	ctx := context.Background()

	_, err := b.store.Save(ctx, event(b.tenant, "e1", bigNumbers), store.Delivery{})
	require.NoError(t, err)
	outcome, err := b.store.Save(ctx, event(b.tenant, "e1", bigNumbersRespelled), store.Delivery{})
	require.NoError(t, err)
	require.Equal(t, store.Duplicate, outcome)
	require.Equal(t, 1, b.count())
}

// Saved at once, the two events usually share a batch, where the second is
// compared with the first before either is stored.
func TestEventStore_payloads_one_digit_apart_saved_together_store_one_and_reject_the_other(t *testing.T) {
	t.Parallel()
	b := setup(t)
	ctx := context.Background()

	errs := make([]error, 2)
	var wg sync.WaitGroup
	for i, data := range []string{bigNumbers, bigNumbersOneDigit} {
		wg.Go(func() { _, errs[i] = b.store.Save(ctx, event(b.tenant, "e1", data), store.Delivery{}) })
	}
	wg.Wait()
	conflicts := 0
	for _, err := range errs {
		if rejected, ok := rejection.As(err); ok && rejected.Class == rejection.ClassConflict {
			conflicts++
		} else {
			require.NoError(t, err)
		}
	}
	require.Equal(t, 1, conflicts)
	require.Equal(t, 1, b.count())
}

// An order payload and the same value spelled otherwise (keys reordered,
// spaces, numbers and strings re-spelled), so neither benchmark takes the
// byte-equality shortcut.
const (
	benchOrder = `{"order_id":"0b7e3f0c-4a1e-4d7e-9a43-3c1c2f7d9e10","placed_at":"2026-03-01T10:00:00Z",` +
		`"customer":{"id":"5a0d2a8e-5f7c-4f0e-8d8f-0e8b3a9b7c61","email":"ana@example.com","name":"Ana Lima"},` +
		`"shipping_address":{"line1":"1 Main St","city":"Lisbon","postal_code":"1000-001","country":"PT"},` +
		`"items":[{"sku":"ABC-1","quantity":1,"unit_price_cents":1250},{"sku":"XYZ-9","quantity":3,"unit_price_cents":99}],` +
		`"total":{"value":"15.47","currency":"EUR"},"channel":"web","account":12345678901234567890,"ratio":0.125}`
	benchOrderRespelled = `{ "channel" : "web", "ratio" : 1.25e-1, "account" : 1.2345678901234567890E19,` +
		` "total" : { "currency" : "EUR", "value" : "15.47" },` +
		` "items" : [ { "unit_price_cents" : 1250, "quantity" : 1, "sku" : "ABC-1" }, { "unit_price_cents" : 99.0, "quantity" : 3, "sku" : "XYZ-9" } ],` +
		` "shipping_address" : { "country" : "PT", "postal_code" : "1000-001", "city" : "Lisbon", "line1" : "1 Main St" },` +
		` "customer" : { "name" : "Ana Lima", "email" : "ana@example.com", "id" : "5a0d2a8e-5f7c-4f0e-8d8f-0e8b3a9b7c61" },` +
		` "placed_at" : "2026-03-01T10:00:00Z", "order_id" : "0b7e3f0c-4a1e-4d7e-9a43-3c1c2f7d9e10" }`
)

func BenchmarkSamePayload_equal_values(b *testing.B) {
	a, c := []byte(benchOrder), []byte(benchOrderRespelled)
	b.ReportAllocs()
	for b.Loop() {
		if !store.SamePayload(a, c) {
			b.Fatal("want the same payload")
		}
	}
}

func BenchmarkSamePayload_different_values(b *testing.B) {
	a, c := []byte(benchOrder), []byte(benchOrderRespelled[:len(benchOrderRespelled)-3]+`11" }`)
	b.ReportAllocs()
	for b.Loop() {
		if store.SamePayload(a, c) {
			b.Fatal("want different payloads")
		}
	}
}
