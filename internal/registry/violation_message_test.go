package registry

import (
	"math/big"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"
	"github.com/santhosh-tekuri/jsonschema/v6/kind"
	"github.com/stretchr/testify/require"
)

// Numbers below 1,000 that float64 holds exactly print the same either way,
// so violationMessage must then say what jsonschema/v6 says: this pins its
// wording of each kind it rewords to v6's.
func TestViolationMessage_words_each_kind_as_jsonschema(t *testing.T) {
	t.Parallel()
	rat := func(s string) *big.Rat {
		r, ok := new(big.Rat).SetString(s)
		require.True(t, ok, s)
		return r
	}
	kinds := []jsonschema.ErrorKind{
		&kind.Minimum{Got: rat("1"), Want: rat("2.5")},
		&kind.Maximum{Got: rat("3"), Want: rat("2")},
		&kind.ExclusiveMinimum{Got: rat("-1"), Want: rat("0")},
		&kind.ExclusiveMaximum{Got: rat("0.5"), Want: rat("0.25")},
		&kind.MultipleOf{Got: rat("7"), Want: rat("2")},
		&kind.MinLength{Got: 1, Want: 2},
		&kind.MaxLength{Got: 3, Want: 2},
		&kind.MinItems{Got: 1, Want: 2},
		&kind.MaxItems{Got: 3, Want: 2},
		&kind.MinProperties{Got: 1, Want: 2},
		&kind.MaxProperties{Got: 3, Want: 2},
		&kind.UniqueItems{Duplicates: [2]int{1, 4}},
		&kind.AdditionalItems{Count: 2},
		&kind.OneOf{Subschemas: []int{0, 2}},
		&kind.OneOf{},
		&kind.MinContains{Want: 2},
		&kind.MinContains{Got: []int{3}, Want: 2},
		&kind.MaxContains{Got: []int{0, 1, 5}, Want: 2},
	}
	for _, k := range kinds {
		require.Equal(t, k.LocalizedString(printer), violationMessage(k), "%T", k)
	}
}
