package poisoncli

import (
	"context"
	"errors"
	"flag"
	"io"
	"maps"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/eventmesh/processor/internal/rejection"
)

func TestUsage_lists_every_class(t *testing.T) {
	t.Parallel()
	for _, class := range rejection.Classes {
		require.True(t, strings.Contains(usageText, string(class)), "poison help lacks class %s", class)
	}
}

// TestUsage_lists_every_command_and_flag walks the flag set of each command
// (as "poison <command> -h" builds it) and finds each flag in the help.
func TestUsage_lists_every_command_and_flag(t *testing.T) {
	t.Parallel()
	for _, name := range slices.Sorted(maps.Keys(commands)) {
		require.True(t, strings.Contains(usageText, "\n  "+name+" "), "poison help lacks command %s", name)
		flags := commandFlags(t, name)
		n := 0
		flags.VisitAll(func(f *flag.Flag) {
			n++
			mentioned := regexp.MustCompile(`--` + regexp.QuoteMeta(f.Name) + `[ \]\n,.]`)
			require.True(t, mentioned.MatchString(usageText), "poison help lacks flag --%s of %s", f.Name, name)
		})
		require.Positive(t, n, "command %s has flags", name)
	}
}

// commandFlags is the flag set command name defines, read by running it
// with -h (every command parses its flags before any work).
func commandFlags(t *testing.T, name string) *flag.FlagSet {
	t.Helper()
	c := &cli{cfg: Config{Stdout: io.Discard, Stderr: io.Discard}, flags: flag.NewFlagSet(name, flag.ContinueOnError)}
	c.flags.SetOutput(io.Discard)
	err := commands[name](c, context.Background(), []string{"-h"})
	require.True(t, errors.Is(err, flag.ErrHelp), "%s -h: %v", name, err)
	return c.flags
}

func TestWrap_breaks_at_the_width_and_indents(t *testing.T) {
	t.Parallel()
	got := wrap("aa bb cc dd", 4, 10)
	require.Equal(t, "aa bb\n    cc dd", got)
	for _, line := range strings.Split(got, "\n") {
		require.LessOrEqual(t, len(line), 10)
	}
}
