package exactjson

import "math/big"

// FormatRat prints r exactly, as a JSON number laid out as RFC 8785 does
// (9007199254740993, 0.1, 1.5e+300, 1e-7), with every digit of r rather than
// the shortest float64 that rounds to it. The validator's rationals come
// from JSON literals and always have a finite decimal; any other r is
// printed as a fraction ("1/3").
func FormatRat(r *big.Rat) string {
	d, ok := fromRat(r)
	if !ok {
		return r.RatString()
	}
	return d.String()
}
