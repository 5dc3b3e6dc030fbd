package registry_test

import (
	"errors"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/eventmesh/processor/internal/envelope"
	"github.com/eventmesh/processor/internal/fixtures"
	"github.com/eventmesh/processor/internal/registry"
	"github.com/eventmesh/processor/internal/rejection"
	"github.com/eventmesh/processor/schemas"
)

// FuzzDecodeValidate runs what the event handler (handlers.Event) runs on every body,
// envelope.Decode then Registry.Validate against the shipped registry, and
// checks that it never panics and that every failure is a permanent
// rejection of a known class carrying what it knows, so no input can be
// mistaken for a transient failure and retried for ever. Seeds: every
// fixture (valid and invalid), every reject body, and testdata/fuzz.
func FuzzDecodeValidate(f *testing.F) {
	reg, err := registry.Load(schemas.FS)
	require.NoError(f, err)
	for i, s := range fixtures.Samples() {
		if body, err := fixtures.Body(s.ValidEvent(i)); err == nil {
			f.Add(body, "sqs-message-id")
		}
	}
	for _, r := range fixtures.Rejects() {
		f.Add(r.Body, "sqs-message-id")
	}
	f.Fuzz(func(t *testing.T, body []byte, fallbackID string) {
		ev, err := envelope.Decode(body, fallbackID)
		if err != nil {
			requireRejection(t, err)
			return
		}
		err = reg.Validate(ev)
		if err == nil {
			tenant, ok := reg.Tenant(ev.Tenant)
			require.True(t, ok && tenant.Active, "accepted for tenant %q", ev.Tenant)
			require.True(t, envelope.ValidSchemaVersion(ev.SchemaVersion), "accepted with version %q", ev.SchemaVersion)
			return
		}
		rejected := requireRejection(t, err)
		require.Equal(t, ev.ID, rejected.EventID)
		require.Equal(t, ev.Tenant, rejected.Tenant)
		if rejected.Class == rejection.ClassSchema {
			require.NotEmpty(t, rejected.Violations)
			for _, v := range rejected.Violations {
				require.True(t, v.Path == "" || strings.HasPrefix(v.Path, "/"), "violation path %q is not a JSON Pointer", v.Path)
			}
		}
		// The class and paths are deterministic; the messages are not quite:
		// jsonschema/v6 lists additional properties in map order.
		again, _ := rejection.As(reg.Validate(ev))
		require.Equal(t, rejected.Class, again.Class)
		require.Equal(t, paths(rejected.Violations), paths(again.Violations))
	})
}

func requireRejection(t *testing.T, err error) *rejection.Error {
	t.Helper()
	var rejected *rejection.Error
	require.True(t, errors.As(err, &rejected), "not a rejection (would be retried): %v", err)
	require.True(t, slices.Contains(rejection.Classes, rejected.Class), "unknown class %q", rejected.Class)
	return rejected
}

func paths(vs []rejection.Violation) []string {
	out := make([]string, len(vs))
	for i, v := range vs {
		out[i] = v.Path
	}
	slices.Sort(out)
	return out
}
