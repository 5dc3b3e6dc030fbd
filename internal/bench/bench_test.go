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
	testenv.Postgres(t) // skips (or fails in CI) without Postgres
	if _, err := exec.LookPath("node"); err != nil {
		testenv.Unavailable(t, "node", err)
	}
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
