package sender_test

import (
	"context"
	"encoding/json"
	"net"
	"net/http"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/eventmesh/processor/internal/delivery"
	"github.com/eventmesh/processor/internal/store"
)

func TestSender_delivers_signed_cloudevents_to_every_subscribed_endpoint(t *testing.T) {
	t.Parallel()
	b := setup(t)
	one, two := newReceiver(t, nil), newReceiver(t, nil)
	b.subscribe("one", one.URL, "")
	b.subscribe("two", two.URL, `,"event_types":["payment-*"]`) // wants none of these
	b.subscribe("three", two.URL, `,"filter":[{"pointer":"/data/n","op":"lt","value":5}]`)
	b.start(b.config())
	ids := b.publish("evt", 20)

	b.waitStatus("one", "delivered", 20)
	b.waitStatus("three", "delivered", 5)
	require.Zero(t, b.statuses()["two:delivered"])
	require.Equal(t, 20, one.requests())
	require.Equal(t, 5, two.requests())
	require.Zero(t, one.badSigs+two.badSigs)

	webhookID := delivery.WebhookID(store.EventUUID(tenant, ids[3]), "one")
	var ce map[string]any
	require.NoError(t, json.Unmarshal(one.bodies[webhookID], &ce))
	require.Equal(t, map[string]any{"specversion": "1.0", "id": ids[3], "source": "checkout-api", "type": "order-placed",
		"tenant": tenant, "schemaversion": "v2", "datacontenttype": "application/json",
		"data": map[string]any{"n": float64(3), "total": "12.50"}}, ce)

	d, err := delivery.Show(context.Background(), b.pool, webhookID)
	require.NoError(t, err)
	require.Equal(t, delivery.StatusDelivered, d.Status)
	require.Len(t, d.Attempts, 1)
	require.Equal(t, "delivered", d.Attempts[0].Outcome)
	require.Equal(t, 200, *d.Attempts[0].StatusCode)
}

func TestSender_outcomes_of_failing_endpoints(t *testing.T) {
	t.Parallel()
	b := setup(t)
	failing := newReceiver(t, func(w http.ResponseWriter, _ *http.Request) {
		w.WriteHeader(http.StatusInternalServerError)
		_, _ = w.Write([]byte("boom"))
	})
	gone := newReceiver(t, func(w http.ResponseWriter, _ *http.Request) { w.WriteHeader(http.StatusGone) })
	throttled := 0
	throttling := newReceiver(t, func(w http.ResponseWriter, _ *http.Request) {
		throttled++ // the handler runs serially: max_in_flight 1
		if throttled == 1 {
			w.Header().Set("Retry-After", "1")
			w.WriteHeader(http.StatusTooManyRequests)
		}
	})
	slow := newReceiver(t, func(http.ResponseWriter, *http.Request) { time.Sleep(300 * time.Millisecond) })
	hanging := newReceiver(t, func(http.ResponseWriter, *http.Request) { time.Sleep(5 * time.Second) })
	b.subscribe("failing", failing.URL, "")
	b.subscribe("gone", gone.URL, `,"max_in_flight":1`)
	b.subscribe("throttling", throttling.URL, `,"max_in_flight":1`)
	b.subscribe("slow", slow.URL, "")
	b.subscribe("hanging", hanging.URL, "")
	b.subscribe("refused", "http://"+closedPort(t), "")
	b.subscribe("forbidden", "http://127.0.0.2:9/hook", "")
	b.start(b.config())
	b.publish("evt", 3)

	b.waitStatus("slow", "delivered", 3)
	b.waitStatus("throttling", "delivered", 3)
	b.waitStatus("failing", "failed", 3)
	b.waitStatus("refused", "failed", 3)
	b.waitStatus("forbidden", "failed", 3)
	b.waitStatus("hanging", "failed", 3)
	require.Eventually(t, func() bool {
		s := b.statuses()
		return s["gone:failed"] == 1 && s["gone:skipped"] == 2
	}, waitFor, 20*time.Millisecond)

	ctx := context.Background()
	outcomes := func(endpoint string) map[string]int {
		rows, err := b.pool.Query(ctx, `SELECT a.outcome, count(*) FROM sender_attempts a JOIN sender_deliveries d ON d.id = a.delivery_id
WHERE d.endpoint_id = $1 GROUP BY 1`, endpoint)
		require.NoError(t, err)
		out := map[string]int{}
		var o string
		var n int
		for rows.Next() {
			require.NoError(t, rows.Scan(&o, &n))
			out[o] = n
		}
		return out
	}
	require.Equal(t, map[string]int{"rejected": 9}, outcomes("failing"), "3 attempts each: the schedule")
	require.Equal(t, map[string]int{"refused": 9}, outcomes("refused"))
	require.Equal(t, map[string]int{"forbidden_address": 9}, outcomes("forbidden"))
	require.Equal(t, map[string]int{"timeout": 9}, outcomes("hanging"))
	require.Equal(t, map[string]int{"gone": 1}, outcomes("gone"))
	require.Equal(t, map[string]int{"throttled": 1, "delivered": 3}, outcomes("throttling"))

	var spent, throttles int
	require.NoError(t, b.pool.QueryRow(ctx, `SELECT max(retries_spent), sum(throttles) FROM sender_deliveries WHERE endpoint_id = 'throttling'`).Scan(&spent, &throttles))
	require.Equal(t, 0, spent, "a Retry-After answer spends no retry")
	require.Equal(t, 1, throttles)

	list, err := delivery.List(ctx, b.pool, delivery.ListFilter{EndpointID: "failing"})
	require.NoError(t, err)
	d, err := delivery.Show(ctx, b.pool, list[0].WebhookID)
	require.NoError(t, err)
	require.Equal(t, []byte("boom"), d.Attempts[0].Response)
	require.Equal(t, 500, *d.LastStatus)

	var reason string
	require.NoError(t, b.pool.QueryRow(ctx, `SELECT disabled_reason FROM sender_endpoints WHERE endpoint_id = 'gone'`).Scan(&reason))
	require.Equal(t, "answered 410 Gone", reason)
}

// closedPort returns a loopback address nothing listens on.
func closedPort(t testing.TB) string {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	addr := l.Addr().String()
	require.NoError(t, l.Close())
	return addr
}
