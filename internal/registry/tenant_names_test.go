package registry_test

import (
	"strings"
	"testing"
	"testing/fstest"

	"github.com/stretchr/testify/require"

	"github.com/eventmesh/processor/internal/registry"
)

// withTenant adds a minimal active tenant to m.
func withTenant(m fstest.MapFS, id string) fstest.MapFS {
	m[id+"/tenant.json"] = &fstest.MapFile{Data: []byte(`{"id":"` + id + `","display_name":"T","active":true,"producers":{"api":["ping"]},"authentication":{"api":{"method":"none"}},"event_types":{"ping":{"default_version":"v1"}}}`)}
	m[id+"/ping/v1.json"] = &fstest.MapFile{Data: []byte(`{"$schema":"https://json-schema.org/draft/2020-12/schema","type":"object"}`)}
	return m
}

// The reported input: two tenants of 52 bytes sharing their first 46 shared
// one events table once Postgres cut their names at 63 bytes.
func TestLoad_refuses_the_two_long_tenants_that_shared_a_table_naming_both(t *testing.T) {
	t.Parallel()
	const alpha = "globex-corporation-enterprise-division-eu-west-alpha"
	const bravo = "globex-corporation-enterprise-division-eu-west-bravo"
	m := withTenant(withTenant(copyFS(t), alpha), bravo)
	_, err := registry.Load(m)
	require.Error(t, err)
	require.ErrorContains(t, err, alpha)
	require.ErrorContains(t, err, bravo)
	require.ErrorContains(t, err, "over the limit of 32")
}

// A 46-byte tenant id cut its unique index's name to its table's: refused.
func TestLoad_refuses_a_tenant_id_over_32_bytes(t *testing.T) {
	t.Parallel()
	for _, id := range []string{strings.Repeat("a", 33), strings.Repeat("t", 46), strings.Repeat("x", 63)} {
		_, err := registry.Load(withTenant(copyFS(t), id))
		require.ErrorContains(t, err, `"`+id+`"`)
		require.ErrorContains(t, err, "over the limit of 32")
	}
	reg, err := registry.Load(withTenant(copyFS(t), strings.Repeat("a", 32)))
	require.NoError(t, err, "32 bytes is the limit, included")
	require.True(t, reg.HasTenant(strings.Repeat("a", 32)))
}

// Tenant "a"'s unique index and tenant "a_uuid_key"'s table would have the
// same name, and CREATE … IF NOT EXISTS would skip one of them.
func TestLoad_refuses_tenants_whose_sql_names_collide_naming_both(t *testing.T) {
	t.Parallel()
	for _, other := range []string{"a_uuid_key", "a_pkey", "a_offset_seq"} {
		_, err := registry.Load(withTenant(withTenant(copyFS(t), "a"), other))
		require.ErrorContains(t, err, `tenant "a"`)
		require.ErrorContains(t, err, `tenant "`+other+`"`)
		require.ErrorContains(t, err, `"watermill_events_`+other+`"`)
	}
}
