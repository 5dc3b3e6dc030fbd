package producer_test

import (
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/eventmesh/processor/internal/producer"
	"github.com/eventmesh/processor/internal/rejection"
)

// unproducedClasses are the rejection classes no producer kind provokes,
// with the reason. Every other class needs a kind, so the workloads and the
// bad-input suite exercise it.
var unproducedClasses = map[rejection.Class]string{
	rejection.ClassPanic: "a panic is a processor bug: no message provokes one on purpose",
}

// Adding a rejection class means adding a producer kind that provokes it
// (or an exemption above) and naming it in the README; the poison tool's
// help derives its list from rejection.Classes (cmd/poison/poisoncli's
// TestUsage_lists_every_class).
func TestRejectionClasses_each_has_a_producer_kind(t *testing.T) {
	t.Parallel()
	produced := map[rejection.Class]bool{}
	for _, k := range producer.InvalidKinds {
		require.Contains(t, rejection.Classes, k.Class(), "kind %s poisons with a class missing from rejection.Classes", k)
		produced[k.Class()] = true
	}
	for _, class := range rejection.Classes {
		_, exempt := unproducedClasses[class]
		require.True(t, produced[class] != exempt,
			"class %s: needs a producer kind in internal/producer/kind.go or an entry in unproducedClasses, not both", class)
	}
}

func TestRejectionClasses_are_the_READMEs_list(t *testing.T) {
	t.Parallel()
	readme, err := os.ReadFile(filepath.Join("..", "..", "README.md"))
	require.NoError(t, err)
	_, rest, ok := strings.Cut(string(readme), "poison queue and are never retried:")
	require.True(t, ok, "README lost the class list's opening words")
	list, _, ok := strings.Cut(rest, "Every other error is transient")
	require.True(t, ok, "README lost the class list's closing words")
	var listed []string
	for _, m := range regexp.MustCompile("`([a-z_]+)`").FindAllStringSubmatch(list, -1) {
		listed = append(listed, m[1])
	}
	var classes []string
	for _, c := range rejection.Classes {
		classes = append(classes, string(c))
	}
	slices.Sort(listed)
	slices.Sort(classes)
	require.Equal(t, classes, listed, "README's list of permanent error classes")
}
