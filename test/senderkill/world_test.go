package senderkill

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/stretchr/testify/require"

	"github.com/eventmesh/processor/internal/envelope"
	"github.com/eventmesh/processor/internal/sender/sendertest"
	"github.com/eventmesh/processor/internal/store"
	"github.com/eventmesh/processor/internal/testbed"
	"github.com/eventmesh/processor/internal/webhook"
)

const (
	tenant = "acme-shop"
	secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"
)

// world is a test's Postgres schema, registry directory, event store and
// endpoints.
type world struct {
	t         *testing.T
	url       string
	pool      *pgxpool.Pool
	schemaDir string
	events    *store.EventStore
	endpoints []*endpoint
	logDir    string
}

func newWorld(t *testing.T, endpoints int) *world {
	sw := sendertest.New(t, tenant)
	w := &world{t: t, url: sw.URL, pool: sw.Pool, schemaDir: sw.SchemaDir, events: sw.Events, logDir: t.TempDir()}
	for i := range endpoints {
		w.endpoints = append(w.endpoints, w.endpoint(fmt.Sprintf("ep%d", i+1)))
	}
	return w
}

// endpoint is a receiver that verifies signatures and counts requests per
// webhook-id.
type endpoint struct {
	id       string
	verifier webhook.Verifier
	mu       sync.Mutex
	got      map[string]int
	invalid  int
}

func (w *world) endpoint(id string) *endpoint {
	s, err := webhook.ParseSecret(secret)
	require.NoError(w.t, err)
	ep := &endpoint{id: id, verifier: webhook.Verifier{Secrets: []webhook.Secret{s}}, got: map[string]int{}}
	srv := httptest.NewServer(http.HandlerFunc(func(rw http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		ep.mu.Lock()
		defer ep.mu.Unlock()
		if ep.verifier.Verify(r.Header, body) != nil {
			ep.invalid++
			rw.WriteHeader(http.StatusUnauthorized)
			return
		}
		ep.got[r.Header.Get(webhook.HeaderID)]++
	}))
	w.t.Cleanup(srv.Close)
	dir := filepath.Join(w.schemaDir, tenant, "_subscriptions")
	require.NoError(w.t, os.MkdirAll(dir, 0o755))
	file := fmt.Sprintf(`{"id":%q,"url":%q,"event_types":["*"],"enabled":true,"rate_limit":20000,"max_in_flight":64,"secrets":["env:WEBHOOK_SECRET"]}`, id, srv.URL)
	require.NoError(w.t, os.WriteFile(filepath.Join(dir, id+".jsonc"), []byte(file), 0o644))
	return ep
}

// counts returns the distinct webhook-ids an endpoint got and its requests.
func (ep *endpoint) counts() (distinct, requests int) {
	ep.mu.Lock()
	defer ep.mu.Unlock()
	for _, n := range ep.got {
		requests += n
	}
	return len(ep.got), requests
}

// publish stores n events at about rate per second, ids k-0 … k-(n-1).
func (w *world) publish(ctx context.Context, n int, rate float64) error {
	const batch = 50
	start := time.Now()
	for i := 0; i < n; i += batch {
		var wg sync.WaitGroup
		errs := make(chan error, batch)
		for j := i; j < min(i+batch, n); j++ {
			wg.Add(1)
			go func() {
				defer wg.Done()
				_, err := w.events.Save(ctx, &envelope.Event{ID: fmt.Sprintf("k-%d", j), Tenant: tenant, Producer: "checkout-api",
					Type: "order-placed", SchemaVersion: "v2", Format: envelope.FormatCloudEvents,
					Data: json.RawMessage(fmt.Sprintf(`{"n":%d}`, j))}, store.Delivery{})
				errs <- err
			}()
		}
		wg.Wait()
		close(errs)
		for err := range errs {
			if err != nil {
				return err
			}
		}
		time.Sleep(time.Until(start.Add(time.Duration(float64(i+batch) / rate * float64(time.Second)))))
	}
	return nil
}

// sender is a running sender binary.
type sender struct{ *testbed.Process }

var senderSeq atomic.Int64

// startSender starts the sender binary; its log is name-<n>.log in the
// world's log directory. It is killed when the test ends.
func (w *world) startSender(name string) *sender {
	p, err := testbed.Start(testbed.Command{
		Path: binary, LogPath: filepath.Join(w.logDir, fmt.Sprintf("%s-%d.log", name, senderSeq.Add(1))),
		Env: []string{
			"PATH=" + os.Getenv("PATH"), "DATABASE_URL=" + w.url, "SCHEMA_DIR=" + w.schemaDir,
			"WEBHOOK_SECRET=" + secret, "SENDER_ALLOW_HTTP=true", "SENDER_ALLOW_ADDRESSES=127.0.0.1",
			"HTTP_ADDR=127.0.0.1:0", "LOG_LEVEL=warn", "SENDER_REQUEST_TIMEOUT=2s", "SENDER_LEASE=8s",
		},
	})
	require.NoError(w.t, err)
	w.t.Cleanup(p.Kill)
	return &sender{p}
}

// stop SIGTERMs the sender and waits for it to drain and exit.
func (s *sender) stop() {
	s.Signal(syscall.SIGTERM)
	<-s.Done()
}

// notDelivered counts the delivery rows not yet delivered.
func (w *world) notDelivered() int {
	var n int
	require.NoError(w.t, w.pool.QueryRow(context.Background(),
		`SELECT count(*) FROM sender_deliveries WHERE status <> 'delivered'`).Scan(&n))
	return n
}
