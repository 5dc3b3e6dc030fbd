package registry_test

import (
	"errors"
	"testing"
	"testing/fstest"

	"github.com/stretchr/testify/require"

	"github.com/eventmesh/processor/internal/registry"
)

func TestHolder_swaps_and_reloads_only_changed_registries(t *testing.T) {
	t.Parallel()
	b := setup(t)
	h := registry.NewHolder(b.reg)
	require.Same(t, b.reg, h.Current())

	same := setup(t).reg
	changed, err := h.Reload(func() (*registry.Registry, error) { return same, nil })
	require.NoError(t, err)
	require.False(t, changed, "same digest: no swap")
	require.Same(t, b.reg, h.Current())

	m := copyFS(t)
	m["newco/tenant.json"] = &fstest.MapFile{Data: []byte(`{"id":"newco","display_name":"New Co","active":true,"producers":{"api":["ping"]},"authentication":{"api":{"method":"none"}},"event_types":{"ping":{"default_version":"v1"}}}`)}
	m["newco/ping/v1.json"] = &fstest.MapFile{Data: []byte(`{"$schema":"https://json-schema.org/draft/2020-12/schema","type":"object"}`)}
	changed, err = h.Reload(func() (*registry.Registry, error) { return registry.Load(m) })
	require.NoError(t, err)
	require.True(t, changed)
	require.Contains(t, h.Current().Tenants(), "newco")

	current := h.Current()
	_, err = h.Reload(func() (*registry.Registry, error) { return nil, errors.New("broken file") })
	require.ErrorContains(t, err, "broken file")
	require.Same(t, current, h.Current(), "a failed reload keeps the registry in force")

	require.Same(t, current, h.Swap(b.reg))
	require.Same(t, b.reg, h.Current())
}

func TestHolder_refuses_a_nil_registry(t *testing.T) {
	t.Parallel()
	require.Panics(t, func() { registry.NewHolder(nil) })
}
