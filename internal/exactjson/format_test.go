package exactjson_test

import (
	"math/big"
	"math/rand/v2"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/eventmesh/processor/internal/exactjson"
)

func TestFormatRat_prints_every_digit(t *testing.T) {
	t.Parallel()
	tests := []struct{ in, want string }{
		{"9007199254740993", "9007199254740993"},
		{"-12345678901234567891", "-12345678901234567891"},
		{"0.1000000000000000000001", "0.1000000000000000000001"},
		{"12345678901234567.891", "12345678901234567.891"},
		{"100", "100"},
		{"1.50", "1.5"},
		{"-0", "0"},
		{"1e20", "100000000000000000000"},
		{"1e21", "1e+21"},
		{"123456789012345678901234567890", "1.2345678901234567890123456789e+29"},
		{"0.000001", "0.000001"},
		{"0.0000001", "1e-7"},
		{"-9.99e-31", "-9.99e-31"},
		{"1.0000000000000000000001e300", "1.0000000000000000000001e+300"},
		{"1/3", "1/3"},
	}
	for _, tt := range tests {
		r, ok := new(big.Rat).SetString(tt.in)
		require.True(t, ok, tt.in)
		require.Equal(t, tt.want, exactjson.FormatRat(r), tt.in)
	}
}

func TestFormatRat_reads_back_as_the_same_number(t *testing.T) {
	t.Parallel()
	r := rand.New(rand.NewPCG(4, 9))
	for range 5 * rounds {
		lit := spellNumber(r, genNumber(r))
		want, ok := new(big.Rat).SetString(lit)
		require.True(t, ok, lit)
		printed := exactjson.FormatRat(want)
		got, ok := new(big.Rat).SetString(printed)
		require.True(t, ok, printed)
		require.Zero(t, want.Cmp(got), "%s printed as %s", lit, printed)
		require.True(t, exactjson.Equal([]byte(lit), []byte(printed)), "%s printed as %s", lit, printed)
	}
}
