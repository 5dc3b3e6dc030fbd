package exactjson

import (
	"bytes"
	"encoding/json"

	"github.com/eventmesh/processor/internal/envelope"
)

// Equal reports whether a and b hold the same JSON value:
//
//   - objects with the same members, in any order;
//   - arrays with the same elements in the same order;
//   - strings with the same code points once unescaped ("\u0041" is "A";
//     no Unicode normalisation: "é" precomposed differs from "e" and U+0301);
//   - numbers with the same mathematical value, exactly (1.0 is 1, 1e2 is
//     100, -0 is 0; 12345678901234567890 is not 12345678901234567891);
//   - the same literal true, false or null;
//
// whatever whitespace surrounds the tokens. Identical bytes are always
// equal. Otherwise each document is read as envelope.ParseJSON reads event
// data, under the same limits: a document it refuses (not JSON, duplicate
// keys, "\u0000", a lone surrogate, too deep, numbers too long) equals
// nothing but itself, so a doubtful pair is a conflict, never a silent
// duplicate.
func Equal(a, b []byte) bool {
	if bytes.Equal(a, b) {
		return true
	}
	va, err := envelope.ParseJSON(a)
	if err != nil {
		return false
	}
	vb, err := envelope.ParseJSON(b)
	if err != nil {
		return false
	}
	return equalValues(va, vb)
}

// equalValues compares two trees of envelope.ParseJSON.
func equalValues(a, b any) bool {
	switch a := a.(type) {
	case map[string]any:
		b, ok := b.(map[string]any)
		if !ok || len(a) != len(b) {
			return false
		}
		for k, va := range a {
			if vb, found := b[k]; !found || !equalValues(va, vb) {
				return false
			}
		}
		return true
	case []any:
		b, ok := b.([]any)
		if !ok || len(a) != len(b) {
			return false
		}
		for i := range a {
			if !equalValues(a[i], b[i]) {
				return false
			}
		}
		return true
	case json.Number:
		b, ok := b.(json.Number)
		return ok && equalNumbers(string(a), string(b))
	case string, bool, nil:
		return a == b
	}
	return false
}

// equalNumbers compares two number literals by their exact values.
func equalNumbers(a, b string) bool {
	if a == b {
		return true
	}
	da, okA := parseDecimal(a)
	db, okB := parseDecimal(b)
	return okA && okB && da == db
}
