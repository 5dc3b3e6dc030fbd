package registry_test

import (
	"encoding/json"
	"slices"
	"sync"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/eventmesh/processor/internal/envelope"
	"github.com/eventmesh/processor/internal/fixtures"
	"github.com/eventmesh/processor/internal/rejection"
)

func TestValidate_fixtures_validate_as_stated(t *testing.T) {
	t.Parallel()
	reg := withAllActive(t)
	for _, s := range fixtures.Samples() {
		for i := range s.Valid {
			t.Run(s.Name()+"/valid", func(t *testing.T) {
				t.Parallel()
				ev := s.ValidEvent(i)
				require.NoError(t, reg.Validate(ev))
				require.Equal(t, s.SchemaVersion, ev.SchemaVersion)
			})
		}
		for i, inv := range s.Invalid {
			t.Run(s.Name()+"/"+inv.Name, func(t *testing.T) {
				t.Parallel()
				err := reg.Validate(s.InvalidEvent(i))
				rejected, ok := rejection.As(err)
				require.True(t, ok, "want a rejection, got %v", err)
				require.Equal(t, rejection.ClassSchema, rejected.Class, "%v", err)
				require.Equal(t, inv.Paths, uniquePaths(rejected.Violations), "%v", err)
			})
		}
	}
}

func TestValidate_rejects_each_class_in_order(t *testing.T) {
	t.Parallel()
	b := setup(t)
	order := json.RawMessage(mustSample(t, "acme-shop", "order-placed", "v2").Valid[0])
	event := func(tenant, producer, eventType, version string) *envelope.Event {
		return &envelope.Event{ID: "e-1", Tenant: tenant, Producer: producer, Type: eventType, SchemaVersion: version, Data: order}
	}
	tests := []struct {
		name  string
		ev    *envelope.Event
		class rejection.Class
	}{
		{"unknown tenant", event("acme", "checkout-api", "order-placed", ""), rejection.ClassTenantUnknown},
		{"tenant in upper case", event("Acme-Shop", "checkout-api", "order-placed", ""), rejection.ClassTenantUnknown},
		{"tenant with trailing space", event("acme-shop ", "checkout-api", "order-placed", ""), rejection.ClassTenantUnknown},
		{"tenant with cyrillic a", event("аcme-shop", "checkout-api", "order-placed", ""), rejection.ClassTenantUnknown},
		{"tenant with fullwidth digit", event("client-１", "legacy", "user-app", ""), rejection.ClassTenantUnknown},
		{"empty tenant", event("", "checkout-api", "order-placed", ""), rejection.ClassTenantUnknown},
		{"suspended tenant before anything else", event("orbit-saas", "nobody", "nothing", "v9"), rejection.ClassTenantInactive},
		{"unknown producer", event("acme-shop", "intruder", "order-placed", ""), rejection.ClassProducer},
		{"producer in upper case", event("acme-shop", "Checkout-API", "order-placed", ""), rejection.ClassProducer},
		{"producer of another tenant", event("acme-shop", "core-banking", "order-placed", ""), rejection.ClassProducer},
		{"unknown type", event("acme-shop", "checkout-api", "order-cancelled", ""), rejection.ClassEventType},
		{"type of another tenant", event("acme-shop", "checkout-api", "account-opened", ""), rejection.ClassEventType},
		{"type in upper case", event("acme-shop", "checkout-api", "Order-Placed", ""), rejection.ClassEventType},
		{"type the producer may not emit", event("acme-shop", "crm", "order-placed", ""), rejection.ClassProducer},
		{"unknown version", event("acme-shop", "checkout-api", "order-placed", "v3"), rejection.ClassSchemaVersion},
		{"version in upper case", event("acme-shop", "checkout-api", "order-placed", "V2"), rejection.ClassSchemaVersion},
		{"v2 data against v1", event("acme-shop", "checkout-api", "order-placed", "v1"), rejection.ClassSchema},
		{"legacy producer on a new tenant", event("acme-shop", "legacy", "order-placed", ""), rejection.ClassProducer},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			err := b.reg.Validate(tt.ev)
			rejected, ok := rejection.As(err)
			require.True(t, ok, "want a rejection, got %v", err)
			require.Equal(t, tt.class, rejected.Class, "%v", err)
			require.Equal(t, tt.ev.Tenant, rejected.Tenant)
			require.Equal(t, "e-1", rejected.EventID)
			require.Error(t, rejected.Err)
		})
	}
}

func TestValidate_resolves_the_default_version(t *testing.T) {
	t.Parallel()
	b := setup(t)
	ev := mustSample(t, "acme-shop", "order-placed", "v2").ValidEvent(0)
	ev.SchemaVersion = ""
	require.NoError(t, b.reg.Validate(ev))
	require.Equal(t, "v2", ev.SchemaVersion)

	legacy := mustSample(t, "client-2", "transaction-app", "v1").ValidEvent(0)
	require.Empty(t, legacy.SchemaVersion)
	require.NoError(t, b.reg.Validate(legacy))
	require.Equal(t, "v1", legacy.SchemaVersion)
}

func TestValidate_violations_are_json_pointers_into_data(t *testing.T) {
	t.Parallel()
	b := setup(t)
	ev := &envelope.Event{ID: "e", Tenant: "acme-shop", Producer: "crm", Type: "customer-registered", Data: json.RawMessage(
		`{"customer_id":"3d6f0c52-8a43-4c1e-b7d2-5e9a1f0c2b44","email":"x@example.com","name":{"given":"X"},
		  "registered_at":"2026-02-28T09:15:00Z","locale":"EN","a/b~c":1}`)}
	rejected, ok := rejection.As(b.reg.Validate(ev))
	require.True(t, ok)
	require.Equal(t, rejection.ClassSchema, rejected.Class)
	require.Equal(t, "v1", rejected.SchemaVersion)
	require.Len(t, rejected.Violations, 2)
	require.Equal(t, "", rejected.Violations[0].Path, "additionalProperties is reported at the object")
	require.Contains(t, rejected.Violations[0].Message, "a/b~c")
	require.Equal(t, "/locale", rejected.Violations[1].Path)
	require.Contains(t, rejected.Violations[1].Message, "does not match pattern")
}

func TestValidate_bounds_the_violations(t *testing.T) {
	t.Parallel()
	b := setup(t)
	readings := make([]map[string]any, 50)
	for i := range readings {
		readings[i] = map[string]any{"metric": "lux", "value": "high"}
	}
	data, err := json.Marshal(map[string]any{"device_id": "dev-0a1b2c3d4e5f", "recorded_at": "2026-03-01T12:00:00Z", "readings": readings})
	require.NoError(t, err)
	ev := &envelope.Event{ID: "e", Tenant: "skyline-iot", Producer: "gateway-eu", Type: "sensor-reading", Data: data}
	rejected, ok := rejection.As(b.reg.Validate(ev))
	require.True(t, ok)
	require.Len(t, rejected.Violations, 33)
	require.Equal(t, "and 68 more violations", rejected.Violations[32].Message)
}

func TestValidate_is_safe_for_concurrent_use(t *testing.T) {
	t.Parallel()
	b := setup(t)
	samples := fixtures.Samples()
	var wg sync.WaitGroup
	for g := range 8 {
		wg.Go(func() {
			for i := range 200 {
				s := samples[(g+i)%len(samples)]
				if s.Tenant == "orbit-saas" {
					continue
				}
				require.NoError(t, b.reg.Validate(s.ValidEvent(i)))
				require.Error(t, b.reg.Validate(s.InvalidEvent(i)))
			}
		})
	}
	wg.Wait()
}

func mustSample(t *testing.T, tenant, eventType, version string) fixtures.Sample {
	t.Helper()
	s, ok := fixtures.Lookup(tenant, eventType, version)
	require.True(t, ok)
	return s
}

func uniquePaths(violations []rejection.Violation) []string {
	var out []string
	for _, v := range violations {
		out = append(out, v.Path)
	}
	return slices.Compact(slices.Sorted(slices.Values(out)))
}
