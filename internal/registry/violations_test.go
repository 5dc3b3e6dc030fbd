package registry_test

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/stretchr/testify/require"

	"github.com/eventmesh/processor/internal/envelope"
	"github.com/eventmesh/processor/internal/registry"
	"github.com/eventmesh/processor/internal/rejection"
)

// oneSchema is a registry of one tenant, "t", whose producer "p" emits one
// event type, "e", of one version with the given schema.
func oneSchema(t *testing.T, schema string) *registry.Registry {
	t.Helper()
	reg, err := registry.Load(fstest.MapFS{
		"t/tenant.json": {Data: []byte(`{"id":"t","display_name":"T","active":true,"producers":{"p":["e"]},"authentication":{"p":{"method":"none"}},"event_types":{"e":{"default_version":"v1"}}}`)},
		"t/e/v1.json":   {Data: []byte(schema)},
	})
	require.NoError(t, err)
	return reg
}

func TestValidate_violations_print_numbers_exactly(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, schema, data, want string
	}{
		{"maximum beyond 2^53 (issue 9)", `{"type":"integer","maximum":9007199254740992}`, `9007199254740993`, "maximum: got 9007199254740993, want 9007199254740992"},
		{"minimum of big negative integers", `{"minimum":-12345678901234567890}`, `-12345678901234567891`, "minimum: got -12345678901234567891, want -12345678901234567890"},
		{"exclusiveMaximum of decimals", `{"exclusiveMaximum":0.1}`, `0.1000000000000000000001`, "exclusiveMaximum: got 0.1000000000000000000001, want 0.1"},
		{"exclusiveMinimum of decimals", `{"exclusiveMinimum":0.30000000000000000001}`, `0.3`, "exclusiveMinimum: got 0.3, want 0.30000000000000000001"},
		{"multipleOf a decimal", `{"multipleOf":0.01}`, `12345678901234567.891`, "multipleOf: got 12345678901234567.891, want 0.01"},
		{"maximum with exponents", `{"maximum":1e300}`, `1.0000000000000000000001e300`, "maximum: got 1.0000000000000000000001e+300, want 1e+300"},
		{"minimum of a tiny decimal", `{"minimum":1e-30}`, `9.99e-31`, "minimum: got 9.99e-31, want 1e-30"},
		{"const big integer", `{"const":12345678901234567890}`, `12345678901234567891`, "value must be 12345678901234567890"},
		{"enum big and decimal", `{"enum":[9007199254740993,0.1,"a"]}`, `9007199254740992`, "value must be one of 9007199254740993, 0.1, 'a'"},
		{"maxLength in the thousands", `{"maxLength":1000}`, `"` + strings.Repeat("a", 1001) + `"`, "maxLength: got 1001, want 1000"},
		{"minItems in the thousands", `{"minItems":1001}`, array(1000, nil), "minItems: got 1000, want 1001"},
		{"maxProperties in the thousands", `{"maxProperties":1000}`, object(1001), "maxProperties: got 1001, want 1000"},
		{"uniqueItems beyond index 999", `{"uniqueItems":true}`, array(1002, map[int]string{1001: "1000"}), "items at 1000 and 1001 are equal"},
		{"minContains in the thousands", `{"contains":{"const":true},"minContains":1000}`, `[true,true]`,
			"min 1000 items required to match contains schema, but matched 2 items at 0 1"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			reg := oneSchema(t, tt.schema)
			err := reg.Validate(&envelope.Event{ID: "e-1", Tenant: "t", Producer: "p", Type: "e", Data: json.RawMessage(tt.data)})
			rejected, ok := rejection.As(err)
			require.True(t, ok, "want a rejection, got %v", err)
			require.Equal(t, []rejection.Violation{{Path: "", Message: tt.want}}, rejected.Violations)
		})
	}
}

// array is [0,1,…,n-1] with the elements of at in place of those indexes.
func array(n int, at map[int]string) string {
	elems := make([]string, n)
	for i := range elems {
		elems[i] = fmt.Sprint(i)
		if v, ok := at[i]; ok {
			elems[i] = v
		}
	}
	return "[" + strings.Join(elems, ",") + "]"
}

// object is {"k0":0,…} with n members.
func object(n int) string {
	members := make([]string, n)
	for i := range members {
		members[i] = fmt.Sprintf(`"k%d":%d`, i, i)
	}
	return "{" + strings.Join(members, ",") + "}"
}
