package subscription

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math/big"
	"slices"
	"strconv"
	"strings"
)

// Operators of a filter condition.
const (
	OpEq        = "eq"         // the value at the pointer equals Value
	OpNe        = "ne"         // it does not (a missing value is not equal)
	OpIn        = "in"         // it equals one of Values
	OpExists    = "exists"     // there is a value at the pointer
	OpNotExists = "not_exists" // there is none
	OpPrefix    = "prefix"     // it is a string starting with Value
	OpGt        = "gt"         // it is a number greater than Value
	OpGte       = "gte"
	OpLt        = "lt"
	OpLte       = "lte"
)

var operators = []string{OpEq, OpNe, OpIn, OpExists, OpNotExists, OpPrefix, OpGt, OpGte, OpLt, OpLte}

// Filter is a conjunction of conditions on the delivered CloudEvent
// document: "/type", "/source", "/tenant" and the other attributes, and
// "/data/..." for the event's data. The zero Filter matches every event.
type Filter []Condition

// Condition tests the value at a JSON Pointer (RFC 6901). Values are
// scalars: strings, booleans, null and numbers; numbers compare exactly
// (as decimals, never through float64).
type Condition struct {
	Pointer string            `json:"pointer"`
	Op      string            `json:"op"`
	Value   json.RawMessage   `json:"value,omitempty"`
	Values  []json.RawMessage `json:"values,omitempty"`

	tokens []string
	want   []any // decoded Value or Values
}

// compile checks the condition and decodes its values.
func (c *Condition) compile() error {
	tokens, err := parsePointer(c.Pointer)
	if err != nil {
		return err
	}
	c.tokens = tokens
	if !slices.Contains(operators, c.Op) {
		return fmt.Errorf("op %q is not one of %s", c.Op, strings.Join(operators, ", "))
	}
	raws := c.Values
	switch c.Op {
	case OpExists, OpNotExists:
		raws = nil
	case OpIn:
		if len(raws) == 0 {
			return fmt.Errorf("op in needs values")
		}
	default:
		if len(c.Value) == 0 {
			return fmt.Errorf("op %s needs a value", c.Op)
		}
		raws = []json.RawMessage{c.Value}
	}
	for _, raw := range raws {
		v, err := decodeScalar(raw)
		if err != nil {
			return err
		}
		c.want = append(c.want, v)
	}
	return c.checkKinds()
}

func (c *Condition) checkKinds() error {
	for _, w := range c.want {
		_, isNum := w.(json.Number)
		_, isStr := w.(string)
		switch {
		case (c.Op == OpGt || c.Op == OpGte || c.Op == OpLt || c.Op == OpLte) && !isNum:
			return fmt.Errorf("op %s needs a number", c.Op)
		case c.Op == OpPrefix && !isStr:
			return fmt.Errorf("op prefix needs a string")
		}
	}
	return nil
}

func decodeScalar(raw json.RawMessage) (any, error) {
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		return nil, fmt.Errorf("value %s: %w", raw, err)
	}
	switch v.(type) {
	case map[string]any, []any:
		return nil, fmt.Errorf("value %s: only strings, numbers, booleans and null compare", raw)
	}
	return v, nil
}

// parsePointer splits an RFC 6901 JSON Pointer into unescaped tokens.
func parsePointer(p string) ([]string, error) {
	if p == "" || p[0] != '/' {
		return nil, fmt.Errorf("pointer %q must start with /", p)
	}
	tokens := strings.Split(p[1:], "/")
	for i, t := range tokens {
		if strings.Contains(strings.ReplaceAll(strings.ReplaceAll(t, "~0", ""), "~1", ""), "~") {
			return nil, fmt.Errorf("pointer %q: ~ must be followed by 0 or 1", p)
		}
		tokens[i] = strings.ReplaceAll(strings.ReplaceAll(t, "~1", "/"), "~0", "~")
	}
	return tokens, nil
}

// Matches reports whether doc, the event decoded with json.Decoder's
// UseNumber, satisfies every condition.
func (f Filter) Matches(doc any) bool {
	for i := range f {
		if !f[i].matches(doc) {
			return false
		}
	}
	return true
}

func (c *Condition) matches(doc any) bool {
	v, found := lookup(doc, c.tokens)
	switch c.Op {
	case OpExists:
		return found
	case OpNotExists:
		return !found
	case OpNe:
		return !found || !equal(v, c.want[0])
	}
	if !found {
		return false
	}
	switch c.Op {
	case OpEq, OpIn:
		return slices.ContainsFunc(c.want, func(w any) bool { return equal(v, w) })
	case OpPrefix:
		s, ok := v.(string)
		return ok && strings.HasPrefix(s, c.want[0].(string))
	}
	cmp, ok := compareNumbers(v, c.want[0])
	return ok && (c.Op == OpGt && cmp > 0 || c.Op == OpGte && cmp >= 0 || c.Op == OpLt && cmp < 0 || c.Op == OpLte && cmp <= 0)
}

func lookup(doc any, tokens []string) (any, bool) {
	for _, t := range tokens {
		switch node := doc.(type) {
		case map[string]any:
			v, ok := node[t]
			if !ok {
				return nil, false
			}
			doc = v
		case []any:
			i, err := strconv.Atoi(t)
			if err != nil || i < 0 || i >= len(node) || (len(t) > 1 && t[0] == '0') {
				return nil, false
			}
			doc = node[i]
		default:
			return nil, false
		}
	}
	return doc, true
}

func equal(a, b any) bool {
	if cmp, ok := compareNumbers(a, b); ok {
		return cmp == 0
	}
	return a == b
}

// compareNumbers compares two json.Numbers exactly.
func compareNumbers(a, b any) (int, bool) {
	na, okA := a.(json.Number)
	nb, okB := b.(json.Number)
	if !okA || !okB {
		return 0, false
	}
	if !boundedNumber(na) || !boundedNumber(nb) {
		return 0, false
	}
	ra, okA := new(big.Rat).SetString(string(na))
	rb, okB := new(big.Rat).SetString(string(nb))
	if !okA || !okB {
		return 0, false
	}
	return ra.Cmp(rb), true
}

// NeedsDocument reports whether matching needs the decoded event.
func (f Filter) NeedsDocument() bool {
	return len(f) > 0
}

// DecodeDocument decodes an event body for Filter.Matches.
func DecodeDocument(body []byte) (any, error) {
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.UseNumber()
	var doc any
	if err := dec.Decode(&doc); err != nil {
		return nil, fmt.Errorf("decode event for filters: %w", err)
	}
	return doc, nil
}

// maxExponent bounds the exponent of a number compared exactly: big.Rat
// would allocate the digits of 1e999999999.
const maxExponent = 400

func boundedNumber(n json.Number) bool {
	s := strings.ToLower(string(n))
	i := strings.IndexByte(s, 'e')
	if i < 0 {
		return len(s) <= 2*maxExponent
	}
	exp, err := strconv.Atoi(s[i+1:])
	return err == nil && exp >= -maxExponent && exp <= maxExponent && i <= 2*maxExponent
}
