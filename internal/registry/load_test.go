package registry_test

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/eventmesh/processor/internal/registry"
	"github.com/eventmesh/processor/schemas"
)

func TestLoad_compiles_the_shipped_registry(t *testing.T) {
	t.Parallel()
	reg, err := registry.Load(schemas.FS)
	require.NoError(t, err)
	require.Equal(t, []string{"acme-shop", "client-1", "client-2", "client-3", "nordlys-bank", "orbit-saas", "skyline-iot"}, reg.Tenants())
}
