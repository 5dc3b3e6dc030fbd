package exactjson_test

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/eventmesh/processor/internal/exactjson"
)

func TestEqual_decides_each_case_of_the_number_model(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name  string
		a, b  string
		equal bool
	}{
		{"issue 9 pair: one digit apart beyond 2^64 and 2^53",
			`{"account":12345678901234567890,"v":9007199254740993}`, `{"account":12345678901234567891,"v":9007199254740992}`, false},
		{"2^53+1 is not 2^53", `9007199254740993`, `9007199254740992`, false},
		{"0.1+0.2 spelled out is not 0.3", `0.30000000000000004`, `0.3`, false},
		{"a digit beyond float64 precision in a decimal", `1.00000000000000000001`, `1`, false},
		{"big exponents one apart", `1e400`, `1e399`, false},
		{"keys reordered, whitespace", `{"a":1,"b":[true,null]}`, " {\n\t\"b\" : [ true , null ] ,\r\"a\":1 } ", true},
		{"1.0 is 1", `1.0`, `1`, true},
		{"1e2 is 100", `1e2`, `100`, true},
		{"exponent spellings", `1.2345678901234567890E+19`, `12345678901234567890`, true},
		{"fraction with an exponent", `0.00125e3`, `1.25`, true},
		{"negative zero is zero", `-0`, `0.0e10`, true},
		{"sign matters", `-1`, `1`, false},
		{"string escapes", `"\u0041\n\/\ud83d\ude00"`, "\"A\\n/\U0001F600\"", true},
		{"no Unicode normalisation", `"\u00e9"`, `"e\u0301"`, false},
		{"array order matters", `[1,2]`, `[2,1]`, false},
		{"a member more", `{"a":1}`, `{"a":1,"b":1}`, false},
		{"number is not a string", `1`, `"1"`, false},
		{"empty object is not empty array", `{}`, `[]`, false},
		{"null is not false", `null`, `false`, false},
		{"duplicate keys equal only themselves", `{"a":1,"a":1}`, `{"a":1}`, false},
		{"identical bytes, even if not JSON", `{"a":`, `{"a":`, true},
		{"not JSON", `{"a":1`, `{"a":1}`, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			require.Equal(t, tt.equal, exactjson.Equal([]byte(tt.a), []byte(tt.b)), "%s vs %s", tt.a, tt.b)
			require.Equal(t, tt.equal, exactjson.Equal([]byte(tt.b), []byte(tt.a)), "%s vs %s", tt.b, tt.a)
		})
	}
}
