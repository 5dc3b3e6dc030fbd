package subscription_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/stretchr/testify/require"

	"github.com/eventmesh/processor/internal/registry"
	"github.com/eventmesh/processor/internal/subscription"
	"github.com/eventmesh/processor/schemas"
)

const testSecret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"

func env(vars map[string]string) subscription.Lookup {
	return func(name string) (string, bool) { v, ok := vars[name]; return v, ok }
}

func shippedRegistry(t *testing.T) *registry.Registry {
	t.Helper()
	reg, err := registry.Load(schemas.FS)
	require.NoError(t, err)
	return reg
}

func TestLoadSource_embedded_subscriptions_load_with_their_variables(t *testing.T) {
	t.Parallel()
	_, set, err := subscription.LoadSource("", subscription.Options{
		Lookup:    env(map[string]string{"DEMO_RECEIVER_URL": "http://receiver:8090", "DEMO_WEBHOOK_SECRET": testSecret}),
		AllowHTTP: true,
	})
	require.NoError(t, err)
	for _, tenant := range []string{"client-1", "client-2", "client-3"} {
		sub, ok := set.Get(tenant, "demo-receiver")
		require.True(t, ok, tenant)
		require.Equal(t, "http://receiver:8090/webhooks/"+tenant, sub.URL.String())
		require.True(t, sub.Enabled)
		require.True(t, sub.Wants("user-app"))
		require.Len(t, sub.Secrets, 1)
		require.Equal(t, 200.0, sub.RateLimit)
		require.Equal(t, 200, sub.Burst)
	}

	_, _, err = subscription.LoadSource("", subscription.Options{})
	require.ErrorContains(t, err, "DEMO_RECEIVER_URL is not set", "producer keys are not needed: the sender never verifies producers")
	require.ErrorContains(t, err, "secret env:DEMO_WEBHOOK_SECRET: environment variable DEMO_WEBHOOK_SECRET is not set")
}

func TestLoadSource_reads_a_schema_dir(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	require.NoError(t, os.CopyFS(dir, schemas.FS))
	sub := filepath.Join(dir, "acme-shop", subscription.Dir)
	require.NoError(t, os.MkdirAll(sub, 0o755))
	require.NoError(t, os.WriteFile(filepath.Join(sub, "orders.jsonc"), []byte(`{"id":"orders","url":"https://hooks.example.com/orders",
		"event_types":["order-placed"],"enabled":true,"secrets":["file:`+writeSecret(t)+`"]}`), 0o644))
	_, set, err := subscription.LoadSource(dir, subscription.Options{})
	require.NoError(t, err)
	require.Len(t, set.All(), 1)
	got, ok := set.Get("acme-shop", "orders")
	require.True(t, ok)
	require.Equal(t, subscription.DefaultRateLimit, got.RateLimit)
	require.Equal(t, subscription.DefaultMaxInFlight, got.MaxInFlight)
	require.False(t, got.Wants("payment-captured"))
}

func writeSecret(t *testing.T) string {
	name := filepath.Join(t.TempDir(), "secret")
	require.NoError(t, os.WriteFile(name, []byte(testSecret+"\n"), 0o600))
	return name
}

func TestLoad_reports_every_problem_of_a_file(t *testing.T) {
	t.Parallel()
	reg := shippedRegistry(t)
	tests := []struct {
		name, file string
		want       []string
	}{
		{"valid with comments", "// a comment\n" + `{"id":"x","url":"https://h.example/x","event_types":["*"],"enabled":true,"secrets":["env:S"]}`, nil},
		{"id differs", `{"id":"y","url":"https://h.example/x","event_types":["*"],"enabled":true,"secrets":["env:S"]}`, []string{`id "y" differs`}},
		{"http refused", `{"id":"x","url":"http://h.example/x","event_types":["*"],"enabled":true,"secrets":["env:S"]}`, []string{"must be https"}},
		{"credentials in url", `{"id":"x","url":"https://u:p@h.example/x","event_types":["*"],"enabled":true,"secrets":["env:S"]}`, []string{"credentials in URLs"}},
		{"unknown type, no enabled, secret in clear", `{"id":"x","url":"https://h.example/x","event_types":["order-placd"],"secrets":["whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"]}`,
			[]string{`"order-placd" is not an event type`, "enabled is required", `secret "whsec_…" must be env:NAME or file:/absolute/path`}},
		{"bad filter and limits", `{"id":"x","url":"https://h.example/x","event_types":["order-*"],"enabled":true,"secrets":["env:S"],
			"rate_limit":-1,"max_in_flight":5000,"filter":[{"pointer":"data/x","op":"eq","value":1},{"pointer":"/data/x","op":"gt","value":"a"},{"pointer":"/x","op":"like","value":1}]}`,
			[]string{"rate_limit -1", "max_in_flight", "filter 0: pointer", "filter 1: op gt needs a number", `filter 2: op "like"`}},
		{"every limit bad", `{"id":"x","url":"https://h.example/x","event_types":["*"],"enabled":true,"secrets":["env:S"],
			"rate_limit":200000,"burst":-1,"max_in_flight":-1}`, []string{
			"rate_limit 200000 must be in (0, 100000] per second (0: default 50)",
			"burst -1 must not be negative (0: default, rate_limit rounded up)",
			"max_in_flight -1 must be in [1, 1024] (0: default 16)",
		}},
		{"limits", `{"id":"x","url":"https://h.example/x","event_types":["*"],"enabled":true,"secrets":["env:S"],
			"rate_limit":100000,"burst":1,"max_in_flight":1024}`, nil},
		{"unknown field", `{"id":"x","url":"https://h.example/x","event_types":["*"],"enabled":true,"secrets":["env:S"],"retries":3}`, []string{`unknown field "retries"`}},
		{"three secrets", `{"id":"x","url":"https://h.example/x","event_types":["*"],"enabled":true,"secrets":["env:S","env:S","env:S"]}`, []string{"secrets must hold one"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			fsys := fstest.MapFS{"acme-shop/_subscriptions/x.jsonc": {Data: []byte(tt.file)}}
			set, err := subscription.Load(fsys, reg, subscription.Options{Lookup: env(map[string]string{"S": testSecret})})
			if tt.want == nil {
				require.NoError(t, err)
				require.Len(t, set.Tenant("acme-shop"), 1)
				return
			}
			require.Error(t, err)
			require.Contains(t, err.Error(), "acme-shop/_subscriptions/x.jsonc")
			for _, w := range tt.want {
				require.Contains(t, err.Error(), w)
			}
		})
	}
}

func TestLoad_refuses_subscriptions_of_an_unknown_tenant(t *testing.T) {
	t.Parallel()
	fsys := fstest.MapFS{"nobody/_subscriptions/x.jsonc": {Data: []byte(`{}`)}}
	_, err := subscription.Load(fsys, shippedRegistry(t), subscription.Options{})
	require.ErrorContains(t, err, `"nobody" is not a tenant`)
	require.False(t, strings.Contains(err.Error(), "acme-shop"))
}
