package sender_test

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/stretchr/testify/require"

	"github.com/eventmesh/processor/internal/envelope"
	"github.com/eventmesh/processor/internal/sender"
	"github.com/eventmesh/processor/internal/sender/sendertest"
	"github.com/eventmesh/processor/internal/store"
	"github.com/eventmesh/processor/internal/subscription"
	"github.com/eventmesh/processor/internal/webhook"
)

const (
	tenant     = "acme-shop"
	testSecret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"
	waitFor    = 2 * time.Minute
)

// bundle is one test's world: its own Postgres schema (search_path), a
// registry directory holding acme-shop and the test's subscriptions, and
// the event store writing acme-shop's events.
type bundle struct {
	t         testing.TB
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
	return &bundle{t: t, url: w.URL, schema: w.Schema, pool: w.Pool, schemaDir: w.SchemaDir, events: w.Events}
}

// subscribe declares an endpoint of acme-shop; extra holds more fields.
func (b *bundle) subscribe(id, url string, extra string) {
	b.t.Helper()
	dir := filepath.Join(b.schemaDir, tenant, "_subscriptions")
	require.NoError(b.t, os.MkdirAll(dir, 0o755))
	file := fmt.Sprintf(`{"id":%q,"url":%q,"event_types":["*"],"enabled":true,"secrets":["env:SECRET"]%s}`, id, url, extra)
	require.NoError(b.t, os.WriteFile(filepath.Join(dir, id+".jsonc"), []byte(file), 0o644))
}

// config is a sender configuration for tests: short retry schedule, no
// jitter, loopback 127.0.0.1 allowed (only it).
func (b *bundle) config() sender.Config {
	return sender.Config{
		DatabaseURL: b.url, SchemaDir: b.schemaDir,
		Subscriptions:  subscriptionOptions(),
		AllowAddresses: []string{"127.0.0.1"},
		Schedule:       []time.Duration{0, 200 * time.Millisecond, 400 * time.Millisecond},
		Jitter:         -1,
		RequestTimeout: 2 * time.Second, Lease: 10 * time.Second,
		PollInterval: 10 * time.Millisecond, TopicPollInterval: 20 * time.Millisecond,
		StateRefresh: 200 * time.Millisecond,
		CloseTimeout: 10 * time.Second,
		Logger:       testLogger(),
		Registry:     prometheus.NewRegistry(),
	}
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
	ids := make([]string, n)
	var wg sync.WaitGroup
	errs := make(chan error, n)
	for i := range n {
		ids[i] = fmt.Sprintf("%s-%d", prefix, i)
		wg.Add(1)
		go func() {
			defer wg.Done()
			_, err := b.events.Save(context.Background(), &envelope.Event{
				ID: ids[i], Tenant: tenant, Producer: "checkout-api", Type: "order-placed", SchemaVersion: "v2",
				Format: envelope.FormatCloudEvents, Data: json.RawMessage(fmt.Sprintf(`{"n":%d,"total":"12.50"}`, i)),
			}, store.Delivery{})
			errs <- err
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		require.NoError(b.t, err)
	}
	return ids
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

func subscriptionOptions() subscription.Options {
	return subscription.Options{Lookup: func(name string) (string, bool) {
		return map[string]string{"SECRET": testSecret}[name], name == "SECRET"
	}, AllowHTTP: true}
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

// testLogger discards logs unless SENDER_TEST_LOG is set.
func testLogger() *slog.Logger {
	if os.Getenv("SENDER_TEST_LOG") != "" {
		return slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelDebug}))
	}
	return slog.New(slog.NewTextHandler(io.Discard, nil))
}

// reload reloads the last sender started (its subscriptions).
func (b *bundle) reload() error {
	return b.svc.Reload(context.Background())
}
