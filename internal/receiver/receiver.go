// Package receiver is the demo webhook receiver: it verifies each request's
// Standard Webhooks signature, drops duplicates by webhook-id, and counts
// what it received by tenant and event type. cmd/receiver serves it; the
// Compose stack and scripts/run-local.sh run it as the client-1..3 tenants'
// endpoint.
package receiver

import (
	"encoding/json"
	"io"
	"math/rand/v2"
	"net/http"
	"sync"
	"time"

	"github.com/eventmesh/processor/internal/webhook"
)

// maxBody bounds a request body: 1 MiB.
const maxBody = 1 << 20

// Receiver is an http.Handler of POST /webhooks/{tenant}, GET /stats and
// GET /healthz.
type Receiver struct {
	cfg      Config
	verifier webhook.Verifier
	mux      *http.ServeMux

	mu    sync.Mutex
	seen  map[string]bool
	order []string // ring of remembered ids
	next  int
	stats Stats
}

// Stats are the receiver's counters.
type Stats struct {
	Received   int64                       `json:"received"`
	Duplicates int64                       `json:"duplicates"`
	Invalid    int64                       `json:"invalid"`
	Failed     int64                       `json:"failed_on_purpose"`
	ByTenant   map[string]map[string]int64 `json:"by_tenant"` // tenant → event type → count
}

// New applies the defaults to cfg, validates it (an error names every field
// outside its limits) and returns a Receiver.
func New(cfg Config) (*Receiver, error) {
	cfg = cfg.withDefaults()
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	r := &Receiver{cfg: cfg, verifier: webhook.Verifier{Secrets: cfg.Secrets}, mux: http.NewServeMux(),
		seen: map[string]bool{}, order: make([]string, cfg.Remember), stats: Stats{ByTenant: map[string]map[string]int64{}}}
	r.mux.HandleFunc("POST /webhooks/{tenant}", r.receive)
	r.mux.HandleFunc("GET /stats", r.serveStats)
	r.mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, _ *http.Request) { _, _ = io.WriteString(w, "ok\n") })
	return r, nil
}

func (r *Receiver) ServeHTTP(w http.ResponseWriter, req *http.Request) {
	r.mux.ServeHTTP(w, req)
}

func (r *Receiver) receive(w http.ResponseWriter, req *http.Request) {
	time.Sleep(r.cfg.Delay)
	body, err := io.ReadAll(io.LimitReader(req.Body, maxBody+1))
	if err != nil || len(body) > maxBody {
		http.Error(w, "body unreadable or over 1 MiB", http.StatusRequestEntityTooLarge)
		return
	}
	if err := r.verifier.Verify(req.Header, body); err != nil {
		r.count(func(s *Stats) { s.Invalid++ })
		r.cfg.Logger.Warn("signature refused", "error", err.Error(), "webhook_id", req.Header.Get(webhook.HeaderID))
		http.Error(w, "invalid signature: "+err.Error(), http.StatusUnauthorized)
		return
	}
	id := req.Header.Get(webhook.HeaderID)
	if r.cfg.FailRate > 0 && rand.Float64() < r.cfg.FailRate && !r.known(id) {
		r.count(func(s *Stats) { s.Failed++ })
		w.Header().Set("Retry-After", "1")
		http.Error(w, "failing on purpose (RECEIVER_FAIL_RATE)", http.StatusServiceUnavailable)
		return
	}
	var ev struct {
		ID   string `json:"id"`
		Type string `json:"type"`
	}
	_ = json.Unmarshal(body, &ev)
	tenant := req.PathValue("tenant")
	if r.remember(id, tenant, ev.Type) {
		r.cfg.Logger.Info("event received", "tenant", tenant, "event_type", ev.Type, "event_id", ev.ID, "webhook_id", id)
	}
	w.WriteHeader(http.StatusNoContent)
}

// remember records id; it reports false for a duplicate.
func (r *Receiver) remember(id, tenant, eventType string) bool {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.seen[id] {
		r.stats.Duplicates++
		return false
	}
	if old := r.order[r.next]; old != "" {
		delete(r.seen, old)
	}
	r.order[r.next], r.next = id, (r.next+1)%len(r.order)
	r.seen[id] = true
	r.stats.Received++
	if r.stats.ByTenant[tenant] == nil {
		r.stats.ByTenant[tenant] = map[string]int64{}
	}
	r.stats.ByTenant[tenant][eventType]++
	return true
}

func (r *Receiver) known(id string) bool {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.seen[id]
}

func (r *Receiver) count(f func(*Stats)) {
	r.mu.Lock()
	defer r.mu.Unlock()
	f(&r.stats)
}

// Stats returns a copy of the counters.
func (r *Receiver) Stats() Stats {
	r.mu.Lock()
	defer r.mu.Unlock()
	s := r.stats
	s.ByTenant = map[string]map[string]int64{}
	for t, types := range r.stats.ByTenant {
		s.ByTenant[t] = map[string]int64{}
		for et, n := range types {
			s.ByTenant[t][et] = n
		}
	}
	return s
}

func (r *Receiver) serveStats(w http.ResponseWriter, _ *http.Request) {
	w.Header().Set("Content-Type", "application/json")
	_ = json.NewEncoder(w).Encode(r.Stats())
}
