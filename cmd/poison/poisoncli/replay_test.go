package poisoncli_test

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/eventmesh/processor/internal/exitcode"
)

// replayMix poisons 7 records: 3 that pass the embedded schemas now, 3
// that fail them again (one envelope_invalid) and 1 binary body, which SQS
// does not accept (envelope_invalid). It returns the uuid of the first
// passing one.
func replayMix(t *testing.T, w *world) (passing string) {
	t.Helper()
	passing = w.put(t, rejectedWhileSuspended("signed up"))
	for _, r := range []record{
		rejectedWhileSuspended("logged in"), rejectedWhileSuspended("logged out"),
		violation("acme-shop", "crm", "customer-registered", "/customer_id"), unknownTenant(),
		notAnEnvelope("this is not json"), notAnEnvelope("\x00\x01\xffbin\x1b[31m"),
	} {
		w.put(t, r)
	}
	return passing
}

func TestCLI_replay_dry_run_then_replay_then_nothing(t *testing.T) {
	t.Parallel()
	w := setup(t)
	passing := replayMix(t, w)

	out, code := w.run(t, "replay", "--all", "--dry-run")
	require.Equal(t, exitcode.OK, code, out)
	require.Equal(t, 3, linesStartingWith(out, "would send "), out)
	require.Contains(t, out, "of 7 open: 3 pass, 0 duplicate, 3 fail, 1 unsendable; 3 would be sent to queue")
	require.Zero(t, w.queue.waiting(t))

	out, code = w.run(t, "replay", "--all", "--rate", "1000")
	require.Equal(t, exitcode.OK, code, out)
	require.Equal(t, 3, linesStartingWith(out, "sent "), out)
	require.Equal(t, 3, w.queue.waiting(t))

	out, code = w.run(t, "replay", "--all")
	require.Equal(t, exitcode.OK, code, out)
	require.Contains(t, out, "7 matched, 3 already replayed or discarded; of 4 open: 0 pass, 0 duplicate, 3 fail, 1 unsendable; 0 sent")
	require.Equal(t, 3, w.queue.waiting(t), "nothing more sent")

	out, code = w.run(t, "discard", "--class", "envelope_invalid", "--reason", "junk")
	require.Equal(t, exitcode.OK, code, out)
	require.Contains(t, out, "discarded 2")
	out, code = w.run(t, "list", "--json", passing[:8])
	require.Equal(t, exitcode.OK, code, out)
	require.Contains(t, out, `"status": "replayed"`, "a record asked for by id is listed whatever its status")

	out, code = w.run(t, "list", "--status", "all", "--json")
	require.Equal(t, exitcode.OK, code, out)
	require.Equal(t, 3, strings.Count(out, `"status": "replayed"`))
	require.Equal(t, 2, strings.Count(out, `"status": "discarded"`))
}

func linesStartingWith(out, prefix string) int {
	n := 0
	for _, line := range strings.Split(out, "\n") {
		if strings.HasPrefix(line, prefix) {
			n++
		}
	}
	return n
}
