package exactjson_test

import (
	"fmt"
	"math/big"
	"math/rand/v2"
	"slices"
	"strconv"
	"strings"
	"testing"
	"unicode/utf16"

	"github.com/stretchr/testify/require"

	"github.com/eventmesh/processor/internal/exactjson"
)

// The property tests generate JSON values as a model (numbers as exact
// decimals, strings as runes), spell each value in two random ways (keys
// reordered, whitespace, string escapes, numbers with leading and trailing
// zeros, the decimal point moved and the exponent adjusted, negative zero)
// and change one digit of one number.

const rounds = 2000

// number is digits × 10^exp, digits without leading zeros ("" is zero).
type number struct {
	neg    bool
	digits string
	exp    int
}

type member struct {
	key   string
	value any
}

// object keeps its members in an order of their own; keys are distinct.
type object []member

func TestEqual_same_values_spelled_differently_are_equal(t *testing.T) {
	t.Parallel()
	r := rand.New(rand.NewPCG(1, 9))
	for range rounds {
		v := genObject(r, 0)
		a, b := spell(r, v), spell(r, v)
		require.True(t, exactjson.Equal([]byte(a), []byte(b)), "same value:\n%s\n%s", a, b)
	}
}

func TestEqual_values_one_digit_apart_are_different(t *testing.T) {
	t.Parallel()
	r := rand.New(rand.NewPCG(2, 9))
	for range rounds {
		v := genObject(r, 0)
		changed := changeOneDigit(r, v)
		a, b := spell(r, v), spell(r, changed)
		require.False(t, exactjson.Equal([]byte(a), []byte(b)), "one digit apart:\n%s\n%s", a, b)
	}
}

func TestEqual_numbers_agree_with_big_rat(t *testing.T) {
	t.Parallel()
	r := rand.New(rand.NewPCG(3, 9))
	for range 5 * rounds {
		x, y := genNumber(r), genNumber(r)
		if r.IntN(3) == 0 {
			y = x
		}
		a, b := spellNumber(r, x), spellNumber(r, y)
		ra, ok := new(big.Rat).SetString(a)
		require.True(t, ok, a)
		rb, ok := new(big.Rat).SetString(b)
		require.True(t, ok, b)
		require.Equal(t, ra.Cmp(rb) == 0, exactjson.Equal([]byte(a), []byte(b)), "%s vs %s", a, b)
	}
}

// genObject is an object at depth; the root always holds a number.
func genObject(r *rand.Rand, depth int) object {
	n := 1 + r.IntN(5)
	obj := make(object, 0, n)
	for i := range n {
		key := fmt.Sprintf("k%d%s", i, genString(r))
		var v any = genNumber(r)
		if i > 0 || depth > 0 {
			v = genValue(r, depth+1)
		}
		obj = append(obj, member{key, v})
	}
	return obj
}

func genValue(r *rand.Rand, depth int) any {
	k := r.IntN(10)
	if depth > 3 {
		k = r.IntN(7)
	}
	switch k {
	case 0, 1, 2, 3:
		return genNumber(r)
	case 4:
		return genString(r)
	case 5:
		return []any{true, false, nil}[r.IntN(3)]
	case 6:
		return object{}
	case 7, 8:
		arr := make([]any, r.IntN(4))
		for i := range arr {
			arr[i] = genValue(r, depth+1)
		}
		return arr
	}
	return genObject(r, depth)
}

// genNumber: zero, small and big integers (around 2^53 and 2^64 too),
// decimals, and exponents up to ±300.
func genNumber(r *rand.Rand) number {
	var digits string
	switch r.IntN(6) {
	case 0:
		return number{}
	case 1:
		digits = strconv.FormatUint(uint64(r.IntN(1000)+1), 10)
	case 2:
		digits = strconv.FormatUint(1<<53+uint64(r.IntN(5))-2, 10)
	case 3:
		digits = new(big.Int).Add(new(big.Int).SetUint64(1<<63), big.NewInt(r.Int64N(1<<62))).String() + strconv.Itoa(r.IntN(10))
	default:
		var b strings.Builder
		b.WriteByte(byte('1' + r.IntN(9)))
		for range r.IntN(30) {
			b.WriteByte(byte('0' + r.IntN(10)))
		}
		digits = b.String()
	}
	exp := 0
	switch r.IntN(4) {
	case 0:
		exp = -r.IntN(25)
	case 1:
		exp = r.IntN(601) - 300
	}
	return number{neg: r.IntN(2) == 0, digits: digits, exp: exp}
}

// genString mixes ASCII, characters JSON must escape, and non-ASCII runes
// in and beyond the Basic Multilingual Plane.
func genString(r *rand.Rand) string {
	runes := []rune{'a', 'Z', '0', ' ', '"', '\\', '/', '\n', '\t', '\x01', '\x1f', 'é', '€', '\u2028', '\U0001F600', '𝄞'}
	var b strings.Builder
	for range r.IntN(6) {
		b.WriteRune(runes[r.IntN(len(runes))])
	}
	return b.String()
}

// changeOneDigit returns a copy of v with one digit of one number changed.
func changeOneDigit(r *rand.Rand, v object) object {
	var numbers []*number
	out := clone(v, &numbers).(object)
	n := numbers[r.IntN(len(numbers))]
	if n.digits == "" {
		n.digits = strconv.Itoa(1 + r.IntN(9))
		return out
	}
	i := r.IntN(len(n.digits))
	d := byte('0' + (int(n.digits[i]-'0')+1+r.IntN(9))%10)
	if i == 0 && d == '0' {
		d = '1' + (n.digits[0]-'0')%9
	}
	n.digits = n.digits[:i] + string(d) + n.digits[i+1:]
	return out
}

// clone deep-copies v, collecting pointers to its numbers.
func clone(v any, numbers *[]*number) any {
	switch v := v.(type) {
	case object:
		out := make(object, len(v))
		for i, m := range v {
			out[i] = member{m.key, clone(m.value, numbers)}
		}
		return out
	case []any:
		out := make([]any, len(v))
		for i, e := range v {
			out[i] = clone(e, numbers)
		}
		return out
	case number:
		n := &v
		*numbers = append(*numbers, n)
		return n
	case *number:
		return clone(*v, numbers)
	}
	return v
}

// spell writes v as JSON, one of its many spellings.
func spell(r *rand.Rand, v any) string {
	var b strings.Builder
	write(r, &b, v)
	return space(r) + b.String() + space(r)
}

func write(r *rand.Rand, b *strings.Builder, v any) {
	switch v := v.(type) {
	case object:
		b.WriteString("{" + space(r))
		for i, m := range shuffled(r, v) {
			if i > 0 {
				b.WriteString("," + space(r))
			}
			b.WriteString(spellString(r, m.key) + space(r) + ":" + space(r))
			write(r, b, m.value)
			b.WriteString(space(r))
		}
		b.WriteString("}")
	case []any:
		b.WriteString("[" + space(r))
		for i, e := range v {
			if i > 0 {
				b.WriteString(space(r) + "," + space(r))
			}
			write(r, b, e)
		}
		b.WriteString(space(r) + "]")
	case number:
		b.WriteString(spellNumber(r, v))
	case *number:
		b.WriteString(spellNumber(r, *v))
	case string:
		b.WriteString(spellString(r, v))
	case bool:
		b.WriteString(strconv.FormatBool(v))
	case nil:
		b.WriteString("null")
	}
}

func shuffled(r *rand.Rand, v object) object {
	out := slices.Clone(v)
	r.Shuffle(len(out), func(i, j int) { out[i], out[j] = out[j], out[i] })
	return out
}

func space(r *rand.Rand) string {
	return []string{"", "", "", " ", "\n", "\t ", "\r\n  "}[r.IntN(7)]
}

// spellNumber writes n with up to 3 leading and trailing zeros, the decimal
// point anywhere and the exponent adjusted (or left out when it is 0), and
// "-0" for some zeros.
func spellNumber(r *rand.Rand, n number) string {
	trail := r.IntN(4)
	digits := strings.Repeat("0", r.IntN(4)) + n.digits + strings.Repeat("0", trail)
	if digits == "" {
		digits = "0"
	}
	// n is digits × 10^(n.exp-trail); put the point after p digits.
	p := r.IntN(len(digits) + 1)
	intPart, frac := strings.TrimLeft(digits[:p], "0"), digits[p:]
	if intPart == "" {
		intPart = "0"
	}
	e := n.exp - trail + len(frac)
	var b strings.Builder
	if n.neg && (n.digits != "" || r.IntN(2) == 0) {
		b.WriteByte('-')
	}
	b.WriteString(intPart)
	if frac != "" {
		b.WriteString("." + frac)
	}
	if e != 0 || r.IntN(3) == 0 {
		b.WriteString([]string{"e", "E"}[r.IntN(2)])
		if e >= 0 && r.IntN(2) == 0 {
			b.WriteByte('+')
		}
		b.WriteString(strconv.Itoa(e))
	}
	return b.String()
}

// spellString escapes each rune in one of the ways JSON allows.
func spellString(r *rand.Rand, s string) string {
	short := map[rune]string{'"': `\"`, '\\': `\\`, '/': `\/`, '\n': `\n`, '\t': `\t`, '\b': `\b`, '\f': `\f`, '\r': `\r`}
	var b strings.Builder
	b.WriteByte('"')
	for _, c := range s {
		mustEscape := c < 0x20 || c == '"' || c == '\\'
		switch k := r.IntN(3); {
		case k == 0 && short[c] != "":
			b.WriteString(short[c])
		case k == 1 || mustEscape:
			for _, u := range utf16.Encode([]rune{c}) {
				fmt.Fprintf(&b, []string{`\u%04x`, `\u%04X`}[r.IntN(2)], u)
			}
		default:
			b.WriteRune(c)
		}
	}
	b.WriteByte('"')
	return b.String()
}
