package processor

import (
	"context"
	"fmt"

	"github.com/eventmesh/processor/internal/registry"
	"github.com/eventmesh/processor/schemas"
)

// readRegistry loads the tenant registry from SchemaDir, or the embedded
// schemas when it is not set, compiling every schema.
func (s *Service) readRegistry() (*registry.Registry, error) {
	if s.cfg.SchemaDir != "" {
		reg, err := registry.LoadDir(s.cfg.SchemaDir)
		if err != nil {
			return nil, fmt.Errorf("load tenant registry from %s: %w", s.cfg.SchemaDir, err)
		}
		return reg, nil
	}
	reg, err := registry.Load(schemas.FS)
	if err != nil {
		return nil, fmt.Errorf("load embedded tenant registry: %w", err)
	}
	return reg, nil
}

// ReloadSchemas reads the registry again and swaps it in atomically once it
// has loaded in full and every new tenant's table exists. If anything fails
// the registry in use stays as it was and the error says why. Messages in
// flight finish with the registry they started with; none is dropped.
func (s *Service) ReloadSchemas(ctx context.Context) error {
	reg, err := s.readRegistry()
	if err != nil {
		return err
	}
	if err := s.ensureTenantTopics(ctx, reg); err != nil {
		return err
	}
	s.registry.Swap(reg)
	s.cfg.Logger.Info("tenant registry reloaded", "tenants", len(reg.Tenants()))
	return nil
}
