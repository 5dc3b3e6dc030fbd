package bench_test

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/eventmesh/processor/internal/bench"
	"github.com/eventmesh/processor/internal/testenv"
)

// TestBench_smoke_every_phase_stores_exactly_the_workload runs the whole
// benchmark on a small workload, through the real processor binary, a
// private SQS emulator and its own database, and asserts correctness only:
// timings on a shared CI machine mean nothing.
func TestBench_smoke_every_phase_stores_exactly_the_workload(t *testing.T) {
	requirePrivateServices(t)
	var out bytes.Buffer
	results, err := bench.Run(t.Context(), bench.Config{
		Events:          400,
		Rounds:          1,
		Rate:            200,
		LatencyDuration: 2 * time.Second,
		DatabaseURL:     testenv.DatabaseURL(),
		DatabaseName:    fmt.Sprintf("bench_smoke_%d", os.Getpid()),
		EmulatorDir:     "../../tools/sqs-emulator",
		// A long poll that is still filling its batch when the load stops
		// would hold the last messages for the whole wait.
		ProcessorEnv:   map[string]string{"SQS_WAIT_TIME": "1s"},
		ProfileSeconds: 1,
		WorkDir:        t.TempDir(),
		PhaseTimeout:   2 * time.Minute,
		Out:            &out,
	})
	t.Log(out.String())
	require.NoError(t, err)
	require.Len(t, results, len(bench.DefaultPhases))
	for _, r := range results {
		require.NoError(t, r.Check, r.Phase)
		require.Positive(t, r.Requests.Total(), r.Phase)
	}
}

// requirePrivateServices skips (or fails in CI) a test of a run on a
// private emulator without Postgres or node.
func requirePrivateServices(t *testing.T) {
	t.Helper()
	testenv.Postgres(t)
	if _, err := exec.LookPath("node"); err != nil {
		testenv.Unavailable(t, "node", err)
	}
}

// A processor-b that refuses its configuration exits at start-up: the
// phase fails with its exit code and the end of its log, not when the
// queue has been stuck for 45 s.
func TestBench_a_processor_that_exits_fails_its_phase_with_its_exit_code_and_log(t *testing.T) {
	t.Parallel()
	requirePrivateServices(t)
	var out bytes.Buffer
	_, err := bench.Run(t.Context(), bench.Config{
		Events:          bench.MinEvents,
		Rounds:          1,
		Rate:            bench.MinEvents,
		LatencyDuration: time.Second,
		DatabaseURL:     testenv.DatabaseURL(),
		DatabaseName:    fmt.Sprintf("bench_exit_%d", os.Getpid()),
		EmulatorDir:     "../../tools/sqs-emulator",
		// processor-b gets ProcessorEnv when CompareEnv is empty.
		ProcessorEnv:   map[string]string{"SQS_MAX_IN_FLIGHT": "100001"},
		Phases:         []string{bench.DelayedPhase(bench.PhaseCompare, 20*time.Millisecond)},
		ProfileSeconds: -1,
		WorkDir:        t.TempDir(),
		PhaseTimeout:   2 * time.Minute,
		Out:            &out,
	})
	var exit *bench.ProcessorExitError
	require.ErrorAs(t, err, &exit)
	require.Equal(t, 1, exit.Code, exit.LogTail)
	require.Contains(t, exit.LogTail, "MaxInFlight must be in [1, 100000], got 100001")
	require.Contains(t, out.String(), "processor-b: the same build, configuration SQS_MAX_IN_FLIGHT=100001\n")
}
