package bench

import (
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

// postgresMaxIdentifier is the longest name Postgres keeps whole, in bytes
// (NAMEDATALEN - 1).
const postgresMaxIdentifier = 63

func TestDatabaseName_guard_is_DatabaseNamePattern_with_room_for_a_phase(t *testing.T) {
	t.Parallel()
	longest := "bench_" + strings.Repeat("a", maxDatabaseNameTail)
	require.True(t, DatabaseNamePattern.MatchString(longest))
	require.False(t, DatabaseNamePattern.MatchString(longest+"a"))

	kept := longest + "_" + strings.Repeat("p", phaseSuffixRoom-1)
	require.True(t, databaseName.MatchString(kept))
	require.False(t, databaseName.MatchString(kept+"p"))
	require.LessOrEqual(t, len(kept), postgresMaxIdentifier)

	longestPhase := "_" + strings.ReplaceAll(identifier(DelayedPhase(PhaseCompare, 9999*time.Millisecond)), "-", "_")
	require.Len(t, longestPhase, phaseSuffixRoom, longestPhase)
	require.True(t, databaseName.MatchString(longest+longestPhase))

	for _, name := range []string{"postgres", "bench_", "bench_X", "bench_a;drop", "xbench_a"} {
		require.False(t, DatabaseNamePattern.MatchString(name), name)
		require.False(t, databaseName.MatchString(name), name)
	}
}
