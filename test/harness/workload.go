package harness

import (
	"maps"
	"testing"

	"github.com/eventmesh/processor/internal/producer"
	"github.com/eventmesh/processor/internal/registry"
	"github.com/eventmesh/processor/internal/testenv"
	"github.com/eventmesh/processor/schemas"
)

// MixedWorkload is the mix of the crash tests: a fifth invalid (every kind),
// 5% exact duplicates, a tenth of the valid events in the legacy format.
var MixedWorkload = producer.Mix{
	Invalid:    producer.SpreadInvalid(0.2, producer.InvalidKinds...),
	Duplicates: 0.05,
	Legacy:     0.1,
}

// Workload returns n messages of mix drawn with seed from the shipped
// registry and fixtures.
func Workload(t testing.TB, seed uint64, n int, mix producer.Mix) []producer.Message {
	t.Helper()
	return newWorkload(t, seed, mix).Take(n)
}

func newWorkload(t testing.TB, seed uint64, mix producer.Mix) *producer.Workload {
	t.Helper()
	reg := Registry(t)
	cat, err := producer.NewCatalog(reg, producer.FixtureSamples, mix.BodySize)
	if err != nil {
		t.Fatalf("catalog: %v", err)
	}
	w, err := producer.NewWorkload(seed, mix, cat)
	if err != nil {
		t.Fatalf("workload: %v", err)
	}
	return w
}

// Registry is the shipped tenant registry (schemas/), with the test keys
// Env gives the processor.
func Registry(t testing.TB) *registry.Registry {
	t.Helper()
	reg, err := registry.LoadWithKeys(schemas.FS, testenv.ProducerKeys())
	if err != nil {
		t.Fatalf("load registry: %v", err)
	}
	return reg
}

// TenantWorkload returns valid CloudEvents events drawn with seed from the
// shipped registry and fixtures: counts[tenant] events of each tenant named,
// in the order drawn (the tenants interleaved); the other tenants' events
// are skipped. A tenant without valid events fails the test.
func TenantWorkload(t testing.TB, seed uint64, counts map[string]int) []producer.Message {
	t.Helper()
	w, left, total := newWorkload(t, seed, producer.Mix{}), maps.Clone(counts), 0
	for _, n := range counts {
		total += n
	}
	out := make([]producer.Message, 0, total)
	for drawn := 0; len(out) < total; drawn++ {
		if drawn == 100*total+1000 {
			t.Fatalf("workload of seed %d: %d of the %d events of %v after %d draws", seed, len(out), total, counts, drawn)
		}
		if m := w.Next(); left[m.Tenant] > 0 {
			left[m.Tenant]--
			out = append(out, m)
		}
	}
	return out
}
