package harness

import (
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
	reg := Registry(t)
	cat, err := producer.NewCatalog(reg, producer.FixtureSamples, mix.BodySize)
	if err != nil {
		t.Fatalf("catalog: %v", err)
	}
	w, err := producer.NewWorkload(seed, mix, cat)
	if err != nil {
		t.Fatalf("workload: %v", err)
	}
	return w.Take(n)
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
