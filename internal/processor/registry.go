package processor

import (
	"context"
	"fmt"

	"github.com/eventmesh/processor/internal/registry"
)

// The tenant registry: loaded by the first start-up step, read again by
// ReloadSchemas.

// loadRegistry reads the tenant registry and holds it for the handler, the
// metrics' labels and ReloadSchemas.
func (s *Service) loadRegistry(context.Context) error {
	reg, err := readRegistry(s.cfg.SchemaDir)
	if err != nil {
		return err
	}
	s.registry = registry.NewHolder(reg)
	return nil
}

// readRegistry loads the tenant registry from dir, or the embedded schemas
// when dir is empty, compiling every schema.
func readRegistry(dir string) (*registry.Registry, error) {
	reg, err := registry.LoadDir(dir)
	if err != nil {
		return nil, fmt.Errorf("load tenant registry: %w", err)
	}
	return reg, nil
}

// ReloadSchemas reads the registry again and swaps it in atomically once it
// has loaded in full, every new tenant's table exists and every tenant's
// table has its unique index. If anything fails the registry in use stays as
// it was and the error says why. Messages in flight finish with the registry
// they started with; none is dropped.
//
// Only tenants new to the registry get DDL (store.EnsureTopic, which itself
// skips tables that pass the check); the tables of the others are checked
// with catalog reads only, which wait for no lock: an operator's open
// transaction on a tenant table does not hold the reload.
func (s *Service) ReloadSchemas(ctx context.Context) error {
	reg, err := readRegistry(s.cfg.SchemaDir)
	if err != nil {
		return err
	}
	current := s.registry.Current()
	var added []string
	for _, tenant := range reg.Tenants() {
		if err := s.checkTenantTopic(ctx, tenant, current.HasTenant(tenant)); err != nil {
			return err
		}
		if !current.HasTenant(tenant) {
			added = append(added, tenant)
		}
	}
	s.registry.Swap(reg)
	s.cfg.Logger.Info("tenant registry reloaded", "tenants", len(reg.Tenants()), "new_tenants", added)
	return nil
}

// checkTenantTopic verifies the table of a tenant already served and
// creates (if needed) and verifies the table of a new one.
func (s *Service) checkTenantTopic(ctx context.Context, tenant string, served bool) error {
	if served {
		if err := s.events.VerifyTenant(ctx, tenant); err != nil {
			return fmt.Errorf("check event table of tenant %s: %w", tenant, err)
		}
		return nil
	}
	if err := s.events.EnsureTenant(ctx, tenant); err != nil {
		return fmt.Errorf("create event table of tenant %s: %w", tenant, err)
	}
	return nil
}
