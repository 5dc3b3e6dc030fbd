package exactjson

import (
	"math/big"
	"strconv"
	"strings"
)

// decimal is a number's exact value, (-1)^neg × digits × 10^exp, in its one
// normal form: digits without leading or trailing zeros, and zero as no
// digits, not negative, exponent 0.
type decimal struct {
	neg    bool
	digits string
	exp    int
}

// parseDecimal normalises a JSON number literal (RFC 8259 grammar, already
// checked). It reports false for an exponent beyond an int.
func parseDecimal(lit string) (decimal, bool) {
	neg := strings.HasPrefix(lit, "-")
	lit = strings.TrimPrefix(lit, "-")
	mantissa, exp := lit, 0
	if i := strings.IndexAny(lit, "eE"); i >= 0 {
		var err error
		if exp, err = strconv.Atoi(strings.TrimPrefix(lit[i+1:], "+")); err != nil {
			return decimal{}, false
		}
		mantissa = lit[:i]
	}
	digits := mantissa
	if intPart, frac, ok := strings.Cut(mantissa, "."); ok {
		digits, exp = intPart+frac, exp-len(frac)
	}
	return normal(neg, digits, exp), true
}

// normal strips the zeros around digits.
func normal(neg bool, digits string, exp int) decimal {
	digits = strings.TrimLeft(digits, "0")
	trimmed := strings.TrimRight(digits, "0")
	if trimmed == "" {
		return decimal{}
	}
	return decimal{neg: neg, digits: trimmed, exp: exp + len(digits) - len(trimmed)}
}

// fromRat is r's exact decimal, or false when r has none (a denominator
// with a prime factor other than 2 and 5).
func fromRat(r *big.Rat) (decimal, bool) {
	den := new(big.Int).Set(r.Denom())
	twos := int(den.TrailingZeroBits())
	den.Rsh(den, uint(twos))
	fives := 0
	one, five, q, rem := big.NewInt(1), big.NewInt(5), new(big.Int), new(big.Int)
	for ; den.Cmp(one) != 0; fives++ {
		if q.QuoRem(den, five, rem); rem.Sign() != 0 {
			return decimal{}, false
		}
		den.Set(q)
	}
	scale := max(twos, fives) // r = num × 2^(scale-twos) × 5^(scale-fives) / 10^scale
	m := new(big.Int).Abs(r.Num())
	m.Lsh(m, uint(scale-twos))
	m.Mul(m, new(big.Int).Exp(five, big.NewInt(int64(scale-fives)), nil))
	return normal(r.Sign() < 0, m.String(), -scale), true
}

// String writes d as ECMAScript's Number.prototype.toString and RFC 8785
// lay a number out, but with all of d's digits: plain decimal notation when
// the scientific exponent is from -6 to 20 (0.000001, 1e-7), scientific
// notation beyond (1e+21).
func (d decimal) String() string {
	if d.digits == "" {
		return "0"
	}
	var b strings.Builder
	if d.neg {
		b.WriteByte('-')
	}
	k := len(d.digits)
	n := d.exp + k // d = 0.digits × 10^n
	switch {
	case k <= n && n <= 21:
		b.WriteString(d.digits)
		b.WriteString(strings.Repeat("0", n-k))
	case 0 < n && n <= 21:
		b.WriteString(d.digits[:n])
		b.WriteByte('.')
		b.WriteString(d.digits[n:])
	case -6 < n && n <= 0:
		b.WriteString("0.")
		b.WriteString(strings.Repeat("0", -n))
		b.WriteString(d.digits)
	default:
		b.WriteString(d.digits[:1])
		if k > 1 {
			b.WriteByte('.')
			b.WriteString(d.digits[1:])
		}
		b.WriteByte('e')
		if n-1 > 0 {
			b.WriteByte('+')
		}
		b.WriteString(strconv.Itoa(n - 1))
	}
	return b.String()
}
