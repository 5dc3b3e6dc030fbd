package sender_test

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/stretchr/testify/require"

	"github.com/eventmesh/processor/internal/sender"
	"github.com/eventmesh/processor/internal/sender/sendertest"
	"github.com/eventmesh/processor/internal/store"
	"github.com/eventmesh/processor/internal/webhook"
)

const (
	tenant     = "acme-shop"
	testSecret = sendertest.Secret
	waitFor    = 2 * time.Minute
)

// bundle is one test's world: its own Postgres schema (search_path), a
// registry directory holding acme-shop and the test's subscriptions, and
// the event store writing acme-shop's events.
type bundle struct {
	t         testing.TB
	world     *sendertest.World
	url       string // DATABASE_URL with the test's search_path
	schema    string
	pool      *pgxpool.Pool
	schemaDir string
	events    *store.EventStore
	svc       *sender.Service // the last one started
}

func setup(t testing.TB) *bundle {
	t.Helper()
	w := sendertest.New(t, tenant)
	return &bundle{t: t, world: w, url: w.URL, schema: w.Schema, pool: w.Pool, schemaDir: w.SchemaDir, events: w.Events}
}

// subscribe declares an endpoint of acme-shop; extra holds more fields.
func (b *bundle) subscribe(id, url string, extra string) {
	b.t.Helper()
	b.world.Subscribe(b.t, id, url, extra)
}

// config is the world's sender configuration for tests
// (sendertest.World.Config).
func (b *bundle) config() sender.Config {
	return b.world.Config()
}

// start runs a sender until the test ends.
func (b *bundle) start(cfg sender.Config) {
	b.t.Helper()
	b.t.Cleanup(b.startStoppable(cfg))
}

// startStoppable runs a sender until stop is called.
func (b *bundle) startStoppable(cfg sender.Config) (stop func()) {
	b.t.Helper()
	svc, err := sender.New(context.Background(), cfg)
	require.NoError(b.t, err)
	b.svc = svc
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- svc.Run(ctx) }()
	var once sync.Once
	return func() {
		once.Do(func() {
			cancel()
			require.NoError(b.t, <-done)
		})
	}
}

// searchPath is the test's Postgres schema.
func (b *bundle) searchPath() string {
	return b.schema
}

// publish stores n events of acme-shop, ids prefix-0 … prefix-(n-1).
func (b *bundle) publish(prefix string, n int) []string {
	b.t.Helper()
	return b.world.Publish(b.t, prefix, n)
}

// statuses counts deliveries by endpoint and status.
func (b *bundle) statuses() map[string]int {
	rows, err := b.pool.Query(context.Background(), `SELECT endpoint_id || ':' || status, count(*) FROM sender_deliveries GROUP BY 1`)
	require.NoError(b.t, err)
	out := map[string]int{}
	var key string
	var n int
	for rows.Next() {
		require.NoError(b.t, rows.Scan(&key, &n))
		out[key] = n
	}
	require.NoError(b.t, rows.Err())
	return out
}

// waitStatus waits until endpoint has want deliveries in status.
func (b *bundle) waitStatus(endpoint, status string, want int) {
	b.t.Helper()
	require.Eventually(b.t, func() bool { return b.statuses()[endpoint+":"+status] == want },
		waitFor, 20*time.Millisecond, "waiting for %d %s deliveries to %s; have %v", want, status, endpoint, b.statuses())
}

// receiver is a test endpoint that verifies signatures and records what
// it got, answering with respond.
type receiver struct {
	*httptest.Server
	mu       sync.Mutex
	got      map[string]int // webhook-id → deliveries
	bodies   map[string][]byte
	badSigs  int
	respond  func(w http.ResponseWriter, r *http.Request)
	verifier webhook.Verifier
}

func newReceiver(t testing.TB, respond func(w http.ResponseWriter, r *http.Request)) *receiver {
	secret, err := webhook.ParseSecret(testSecret)
	require.NoError(t, err)
	rc := &receiver{got: map[string]int{}, bodies: map[string][]byte{}, respond: respond,
		verifier: webhook.Verifier{Secrets: []webhook.Secret{secret}}}
	rc.Server = httptest.NewServer(http.HandlerFunc(rc.serve))
	t.Cleanup(rc.Close)
	return rc
}

func (rc *receiver) serve(w http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(r.Body)
	rc.mu.Lock()
	if rc.verifier.Verify(r.Header, body) != nil {
		rc.badSigs++
	}
	rc.got[r.Header.Get(webhook.HeaderID)]++
	rc.bodies[r.Header.Get(webhook.HeaderID)] = body
	rc.mu.Unlock()
	if rc.respond != nil {
		rc.respond(w, r)
	}
}

func (rc *receiver) requests() int {
	rc.mu.Lock()
	defer rc.mu.Unlock()
	n := 0
	for _, c := range rc.got {
		n += c
	}
	return n
}

// reload reloads the last sender started (its subscriptions).
func (b *bundle) reload() error {
	return b.svc.Reload(context.Background())
}
