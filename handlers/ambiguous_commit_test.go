package handlers_test

import (
	"bytes"
	"context"
	"fmt"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/Shopify/toxiproxy/v2"
	"github.com/Shopify/toxiproxy/v2/toxics"
	"github.com/ThreeDotsLabs/watermill/message"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/rs/zerolog"
	"github.com/stretchr/testify/require"

	"github.com/eventmesh/processor/handlers"
	"github.com/eventmesh/processor/internal/envelope"
	"github.com/eventmesh/processor/internal/groupcommit"
	"github.com/eventmesh/processor/internal/sqsqueue"
	"github.com/eventmesh/processor/internal/store"
	"github.com/eventmesh/processor/internal/testenv"
)

// commitReply is Postgres's CommandComplete message for a COMMIT that
// committed.
var commitReply = []byte("C\x00\x00\x00\x0bCOMMIT\x00")

// commitRepliesToDrop is how many more COMMIT replies dropCommitReply drops.
var commitRepliesToDrop, commitRepliesDropped atomic.Int64

// dropCommitReply is a Toxiproxy toxic on the downstream (Postgres to
// client) stream: while commitRepliesToDrop is positive it drops a chunk
// holding a COMMIT reply and closes the connection: the transaction is
// committed, and the client never learns it (an ambiguous commit).
type dropCommitReply struct{}

func (*dropCommitReply) Pipe(stub *toxics.ToxicStub) {
	for {
		select {
		case <-stub.Interrupt:
			return
		case c := <-stub.Input:
			if c == nil {
				stub.Close()
				return
			}
			if bytes.Contains(c.Data, commitReply) && commitRepliesToDrop.Add(-1) >= 0 {
				commitRepliesDropped.Add(1)
				stub.Close()
				return
			}
			stub.Output <- c
		}
	}
}

func init() {
	toxics.Register("drop_commit_reply", new(dropCommitReply))
}

// poolDroppingCommitReplies is a pool through a Toxiproxy proxy to Postgres
// with the dropCommitReply toxic.
func poolDroppingCommitReplies(t *testing.T) *pgxpool.Pool {
	t.Helper()
	upstream := strings.SplitN(strings.SplitN(testenv.DatabaseURL(), "@", 2)[1], "/", 2)[0]
	server := toxiproxy.NewServer(toxiproxy.NewMetricsContainer(prometheus.NewRegistry()), zerolog.Nop())
	proxy := toxiproxy.NewProxy(server, "ambiguous_commit", "127.0.0.1:0", upstream)
	require.NoError(t, proxy.Start())
	t.Cleanup(proxy.Stop)
	_, err := proxy.Toxics.AddToxicJson(strings.NewReader(`{"name":"drop","type":"drop_commit_reply","stream":"downstream"}`))
	require.NoError(t, err)
	pool, err := pgxpool.New(context.Background(), testenv.DatabaseURLVia(proxy.Listen))
	require.NoError(t, err)
	t.Cleanup(pool.Close)
	return pool
}

// The reply to COMMIT is lost for several batches (the connection cut after
// Postgres committed): the retried events are found stored by their own
// message, and each of the 300 events, sent once, is counted accepted
// exactly once and never as a duplicate. A redelivery of a message already
// counted is a duplicate.
func TestStore_events_whose_commit_reply_was_lost_count_accepted_once(t *testing.T) {
	pool := poolDroppingCommitReplies(t)
	events, err := store.NewEventStore(pool, groupcommit.Config{Writers: 1})
	require.NoError(t, err)
	t.Cleanup(events.Close)
	tenant := fmt.Sprintf("amb%d", time.Now().UnixNano())
	require.NoError(t, events.EnsureTenant(t.Context(), tenant))
	t.Cleanup(func() {
		_, err := testenv.Postgres(t).Exec(context.WithoutCancel(t.Context()), `DROP TABLE "watermill_events_`+tenant+`"`)
		require.NoError(t, err)
	})
	var mu sync.Mutex
	counted := map[store.Outcome]int{}
	h := handlers.Store(events, func(_ *envelope.Event, o store.Outcome, _ store.Delivery) {
		mu.Lock()
		defer mu.Unlock()
		counted[o]++
	})

	const sent = 300
	commitRepliesToDrop.Store(5)
	msgs, evs := make([]*message.Message, sent), make([]*envelope.Event, sent)
	var wg sync.WaitGroup
	for i := range sent {
		msgs[i], evs[i] = storeMessage(tenant, i)
		wg.Go(func() {
			for h(msgs[i], evs[i]) != nil { // the Retry middleware's loop, without its waits
			}
		})
	}
	wg.Wait()

	require.Equal(t, int64(5), commitRepliesDropped.Load(), "five commits ended without their reply")
	require.Equal(t, map[store.Outcome]int{store.Stored: sent}, counted, "each event accepted once, none a duplicate")
	require.NoError(t, h(msgs[0], evs[0]), "a redelivery of a counted message")
	require.Equal(t, 1, counted[store.Duplicate])
	var rows int
	require.NoError(t, testenv.Postgres(t).QueryRow(t.Context(), `SELECT count(*) FROM "watermill_events_`+tenant+`"`).Scan(&rows))
	require.Equal(t, sent, rows)
}

func storeMessage(tenant string, i int) (*message.Message, *envelope.Event) {
	ev := &envelope.Event{
		ID: "e" + strconv.Itoa(i), Tenant: tenant, Producer: "crm",
		Type: "customer-registered", SchemaVersion: "v1", Format: envelope.FormatCloudEvents, Data: []byte(`{"a":1}`),
	}
	msg := message.NewMessage(strconv.Itoa(i), nil)
	msg.Metadata.Set(sqsqueue.MetadataMessageID, "sqs-"+strconv.Itoa(i))
	return msg, ev
}
