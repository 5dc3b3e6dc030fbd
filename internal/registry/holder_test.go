package registry_test

import (
	"testing"
	"testing/fstest"

	"github.com/stretchr/testify/require"

	"github.com/eventmesh/processor/internal/registry"
)

func TestHolder_swaps_the_registry_in_force(t *testing.T) {
	t.Parallel()
	b := setup(t)
	h := registry.NewHolder(b.reg)
	require.Same(t, b.reg, h.Current())

	m := copyFS(t)
	m["newco/tenant.json"] = &fstest.MapFile{Data: []byte(`{"id":"newco","display_name":"New Co","active":true,"producers":{"api":["ping"]},"authentication":{"api":{"method":"none"}},"event_types":{"ping":{"default_version":"v1"}}}`)}
	m["newco/ping/v1.json"] = &fstest.MapFile{Data: []byte(`{"$schema":"https://json-schema.org/draft/2020-12/schema","type":"object"}`)}
	next, err := registry.Load(m)
	require.NoError(t, err)
	require.Same(t, b.reg, h.Swap(next), "Swap returns the registry it replaced")
	require.Same(t, next, h.Current())
	require.Contains(t, h.Current().Tenants(), "newco")
	require.Panics(t, func() { h.Swap(nil) })
	require.Same(t, next, h.Current(), "a refused swap keeps the registry in force")
}

func TestHolder_refuses_a_nil_registry(t *testing.T) {
	t.Parallel()
	require.Panics(t, func() { registry.NewHolder(nil) })
}
