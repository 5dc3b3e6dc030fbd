package processor

import "github.com/eventmesh/processor/internal/registry"

// CurrentRegistry is the tenant registry in force, for tests only: the one
// way to change it is ReloadSchemas, which creates a new tenant's tables
// before it swaps.
func CurrentRegistry(s *Service) *registry.Registry {
	return s.registry.Current()
}
