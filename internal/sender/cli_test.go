package sender_test

import (
	"bytes"
	"context"
	"net/http"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/eventmesh/processor/cmd/sender/sendercli"
	"github.com/eventmesh/processor/internal/delivery"
	"github.com/eventmesh/processor/internal/sender/sendertest"
)

// An operator's session: deliveries fail, one is retried by hand, the
// endpoint is disabled (new events skip it), enabled again, and recovered
// since a time: everything it missed is delivered, once.
func TestSenderCLI_retry_disable_enable_recover(t *testing.T) {
	t.Parallel()
	b := setup(t)
	var healthy atomic.Bool
	flaky := newReceiver(t, func(w http.ResponseWriter, _ *http.Request) {
		if !healthy.Load() {
			w.WriteHeader(http.StatusInternalServerError)
		}
	})
	b.subscribe("flaky", flaky.URL, "")
	cfg := b.config()
	cfg.Schedule = []time.Duration{0} // one attempt, then failed
	b.start(cfg)
	cli := func(args ...string) (string, error) {
		var out bytes.Buffer
		err := sendercli.Run(context.Background(), sendercli.Config{DatabaseURL: b.url, SchemaDir: b.schemaDir,
			Subscriptions: sendertest.SubscriptionOptions(), Actor: "tester", Stdout: &out}, args)
		return out.String(), err
	}

	b.publish("first", 5)
	b.waitStatus("flaky", "failed", 5)
	out, err := cli("deliveries", "list", "--endpoint", "flaky", "--status", "failed")
	require.NoError(t, err)
	require.Equal(t, 6, strings.Count(out, "\n"), out)
	list, err := delivery.List(context.Background(), b.pool, delivery.ListFilter{Status: delivery.StatusFailed})
	require.NoError(t, err)
	out, err = cli("deliveries", "show", list[0].WebhookID)
	require.NoError(t, err)
	require.Contains(t, out, "attempt 1:")
	require.Contains(t, out, "status=500")

	healthy.Store(true)
	_, err = cli("deliveries", "retry", list[0].WebhookID)
	require.NoError(t, err)
	b.waitStatus("flaky", "delivered", 1)
	_, err = cli("deliveries", "retry", list[0].WebhookID)
	require.ErrorIs(t, err, delivery.ErrNotFound, "a delivered delivery is not retried")

	_, err = cli("endpoint", "disable", "--tenant", tenant, "--endpoint", "flaky", "--reason", "maintenance")
	require.NoError(t, err)
	time.Sleep(3 * cfg.StateRefresh) // running senders read it within StateRefresh
	b.publish("while-disabled", 3)
	_, err = cli("endpoint", "enable", "--tenant", tenant, "--endpoint", "flaky")
	require.NoError(t, err)

	out, err = cli("endpoint", "recover", "--tenant", tenant, "--endpoint", "flaky", "--since", "1h")
	require.NoError(t, err)
	// 4 failed ones made due, and the 3 published while disabled recorded,
	// unless the running sender's fan-out reached them after it saw the
	// endpoint enabled again (then it recorded them itself): 4 to 7.
	require.Regexp(t, `recovery \d+ of acme-shop/flaky since \S+: [4-7] deliveries recorded or made due`, out)
	b.waitStatus("flaky", "delivered", 8)
	require.Len(t, flaky.got, 8)

	var actions int
	require.NoError(t, b.pool.QueryRow(context.Background(),
		`SELECT count(*) FROM sender_actions WHERE actor = 'tester' AND finished_at IS NOT NULL`).Scan(&actions))
	require.Equal(t, 4, actions, "retry, disable, enable, recover")

	out, err = cli("cleanup", "--retention", "1h")
	require.NoError(t, err)
	require.Contains(t, out, "deleted 0 ")
	_, err = b.pool.Exec(context.Background(), `UPDATE sender_deliveries SET finished_at = now() - interval '2 hours' WHERE event_id LIKE 'first-%'`)
	require.NoError(t, err)
	out, err = cli("cleanup", "--retention", "1h")
	require.NoError(t, err)
	require.Contains(t, out, "deleted 5 ", "finished deliveries older than the retention, with their attempts")

	_, err = cli("deliveries", "show", "msg_nothing")
	require.Equal(t, 3, sendercli.ExitCode(err))
	_, err = cli("endpoint", "recover", "--tenant", tenant)
	require.Equal(t, 2, sendercli.ExitCode(err))
	_, err = cli("deliveries", "frobnicate")
	require.Equal(t, 2, sendercli.ExitCode(err))
}
