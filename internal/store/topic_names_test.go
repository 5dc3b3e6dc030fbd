package store_test

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
	"time"

	wsql "github.com/ThreeDotsLabs/watermill-sql/v4/pkg/sql"
	"github.com/stretchr/testify/require"

	"github.com/eventmesh/processor/internal/store"
)

// collidingSuffixes are what, appended to a tenant id, gives an id whose
// table is a name of the first tenant: "<t>_pkey" and so on.
var collidingSuffixes = []string{"_pkey", "_offset_seq", "_uuid_key"}

// genTenantID returns a valid tenant id of n bytes, often with runs of the
// characters that the derived names' suffixes use.
func genTenantID(rng *rand.Rand, n int) string {
	const first, rest = "abcdefghijklmnopqrstuvwxyz0123456789", "abcdefghijklmnopqrstuvwxyz0123456789_-"
	fragments := []string{"_pkey", "_seq", "_key", "_uuid", "_offset", "-", "_"}
	var b strings.Builder
	b.WriteByte(first[rng.IntN(len(first))])
	for b.Len() < n {
		if f := fragments[rng.IntN(len(fragments))]; rng.IntN(4) == 0 && b.Len()+len(f) <= n {
			b.WriteString(f)
			continue
		}
		b.WriteByte(rest[rng.IntN(len(rest))])
	}
	return b.String()
}

func derivedNames(t *testing.T, tenant string) []string {
	t.Helper()
	topic, err := store.EventsTopic(tenant)
	require.NoError(t, err)
	var names []string
	for _, n := range store.TopicNames(topic) {
		names = append(names, n.Name)
	}
	return names
}

// Property: for generated valid ids of every length up to the limit, every
// derived name fits in 63 bytes, and CheckTenantNames refuses a set of
// tenants exactly when two of them derive the same name (found here by
// brute force), naming both; ids over the limit are refused.
func TestCheckTenantNames_over_generated_tenant_ids(t *testing.T) {
	t.Parallel()
	seed := uint64(time.Now().UnixNano())
	t.Logf("seed %d", seed)
	rng := rand.New(rand.NewPCG(seed, seed))
	for round := range 300 {
		var ids []string
		for n := 1; n <= store.MaxTenantIDLength; n++ {
			id := genTenantID(rng, n)
			if slices.Contains(ids, id) {
				continue
			}
			ids = append(ids, id)
			for _, name := range derivedNames(t, id) {
				require.LessOrEqual(t, len(name), store.MaxIdentifierLength, "%q of tenant %q", name, id)
			}
		}
		if round%3 == 0 { // a collision on purpose: an id plus a suffix
			id := ids[rng.IntN(10)] + collidingSuffixes[rng.IntN(len(collidingSuffixes))]
			if !slices.Contains(ids, id) {
				ids = append(ids, id)
			}
		}
		owners := map[string]string{}
		var want []string // names derived by two tenants
		for _, id := range ids {
			for _, name := range derivedNames(t, id) {
				if owner, ok := owners[name]; ok && owner != id {
					want = append(want, name)
				}
				owners[name] = id
			}
		}
		var got []string
		for _, err := range unjoin(store.CheckTenantNames(ids)) {
			var collision *store.NameCollisionError
			require.ErrorAs(t, err, &collision)
			require.Contains(t, derivedNames(t, collision.First.Tenant), collision.Name)
			require.Contains(t, derivedNames(t, collision.Second.Tenant), collision.Name)
			require.NotEqual(t, collision.First.Tenant, collision.Second.Tenant)
			require.ErrorContains(t, err, fmt.Sprintf("tenant %q", collision.First.Tenant))
			require.ErrorContains(t, err, fmt.Sprintf("tenant %q", collision.Second.Tenant))
			got = append(got, collision.Name)
		}
		require.ElementsMatch(t, want, got, "tenants %q", ids)
	}
	for n := store.MaxTenantIDLength + 1; n <= 80; n++ {
		id := genTenantID(rng, n)
		_, err := store.EventsTopic(id)
		var invalid *store.TenantIDError
		require.ErrorAs(t, err, &invalid, "%q", id)
		require.ErrorAs(t, store.CheckTenantNames([]string{"acme-shop", id}), &invalid, "%q", id)
		require.ErrorContains(t, err, "over the limit of 32")
	}
}

// Ids without "_" cannot collide: every suffix of a derived name has one.
func TestCheckTenantNames_accepts_any_ids_without_underscores(t *testing.T) {
	t.Parallel()
	rng := rand.New(rand.NewPCG(1, 2))
	var ids []string
	for range 5000 {
		id := strings.ReplaceAll(genTenantID(rng, 1+rng.IntN(store.MaxTenantIDLength)), "_", "-")
		if !slices.Contains(ids, id) {
			ids = append(ids, id)
		}
	}
	require.NoError(t, store.CheckTenantNames(ids))
}

// The reported input: two 52-byte tenants sharing their first 46 bytes.
func TestCheckTenantNames_refuses_the_two_long_tenants_naming_both(t *testing.T) {
	t.Parallel()
	alpha := "globex-corporation-enterprise-division-eu-west-alpha"
	bravo := "globex-corporation-enterprise-division-eu-west-bravo"
	err := store.CheckTenantNames([]string{alpha, bravo})
	require.ErrorContains(t, err, fmt.Sprintf("tenant id %q is 52 bytes, over the limit of 32", alpha))
	require.ErrorContains(t, err, fmt.Sprintf("tenant id %q is 52 bytes, over the limit of 32", bravo))
}

// TopicNames is the truth: a tenant's topic table and a watermill-sql
// consumer group's offsets table create exactly these names, uncut, for a
// tenant id of the longest length.
func TestTopicNames_are_the_names_postgres_creates(t *testing.T) {
	t.Parallel()
	s, pool := newEventStore(t)
	tenant := fmt.Sprintf("n%d-", time.Now().UnixNano())
	tenant += strings.Repeat("x", store.MaxTenantIDLength-len(tenant))
	topic, err := store.EventsTopic(tenant)
	require.NoError(t, err)
	names := derivedNames(t, tenant)
	dropLater(t, pool, "watermill_events_"+tenant, "watermill_offsets_events_"+tenant)

	require.NoError(t, s.EnsureTenant(t.Context(), tenant))
	queries, err := wsql.DefaultPostgreSQLOffsetsAdapter{}.SchemaInitializingQueries(wsql.OffsetsSchemaInitializingQueriesParams{Topic: topic})
	require.NoError(t, err)
	for _, q := range queries {
		_, err := pool.Exec(t.Context(), q.Query, q.Args...)
		require.NoError(t, err)
	}
	rows, err := pool.Query(t.Context(), `SELECT relname::text FROM pg_class WHERE position($1 in relname) > 0`, tenant)
	require.NoError(t, err)
	var created []string
	for rows.Next() {
		var name string
		require.NoError(t, rows.Scan(&name))
		created = append(created, name)
	}
	require.NoError(t, rows.Err())
	require.ElementsMatch(t, names, created)
}

func unjoin(err error) []error {
	if err == nil {
		return nil
	}
	if joined, ok := err.(interface{ Unwrap() []error }); ok {
		return joined.Unwrap()
	}
	return []error{err}
}
