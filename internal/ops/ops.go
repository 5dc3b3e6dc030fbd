// Package ops serves the endpoints operators and orchestrators use:
// /healthz (the process is alive), /readyz (every dependency check passes)
// and /metrics (Prometheus).
package ops

import (
	"context"
	"encoding/json"
	"errors"
	"net"
	"net/http"
	"net/http/pprof"
	"sort"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/promhttp"
)

// Check reports whether a dependency is usable; it must honour ctx.
type Check func(ctx context.Context) error

// checkTimeout bounds each readiness check.
const checkTimeout = 2 * time.Second

// Handler returns the mux of the three endpoints, plus Go's profiler under
// /debug/pprof/ when withProfiler is set.
func Handler(gatherer prometheus.Gatherer, checks map[string]Check, withProfiler bool) http.Handler {
	return newHandler(gatherer, func() map[string]Check { return checks }, withProfiler)
}

// newHandler is Handler with the readiness checks of the moment.
func newHandler(gatherer prometheus.Gatherer, checks func() map[string]Check, withProfiler bool) http.Handler {
	mux := http.NewServeMux()
	if withProfiler {
		mux.HandleFunc("/debug/pprof/", pprof.Index)
		mux.HandleFunc("/debug/pprof/profile", pprof.Profile)
		mux.HandleFunc("/debug/pprof/symbol", pprof.Symbol)
		mux.HandleFunc("/debug/pprof/trace", pprof.Trace)
	}
	mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, _ *http.Request) {
		writeJSON(w, http.StatusOK, map[string]string{"status": "ok"})
	})
	mux.HandleFunc("GET /readyz", func(w http.ResponseWriter, r *http.Request) {
		results, ready := runChecks(r.Context(), checks())
		status := http.StatusOK
		if !ready {
			status = http.StatusServiceUnavailable
		}
		writeJSON(w, status, results)
	})
	mux.Handle("GET /metrics", promhttp.HandlerFor(gatherer, promhttp.HandlerOpts{}))
	return mux
}

func runChecks(ctx context.Context, checks map[string]Check) (map[string]string, bool) {
	names := make([]string, 0, len(checks))
	for name := range checks {
		names = append(names, name)
	}
	sort.Strings(names)
	results := make(map[string]string, len(checks))
	ready := true
	for _, name := range names {
		checkCtx, cancel := context.WithTimeout(ctx, checkTimeout)
		err := checks[name](checkCtx)
		cancel()
		results[name] = "ok"
		if err != nil {
			results[name], ready = err.Error(), false
		}
	}
	return results, ready
}

func writeJSON(w http.ResponseWriter, status int, body any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(body)
}

// Serve listens on addr and serves h until ctx ends, then shuts down within
// a few seconds. The returned channel yields the server's final error.
func Serve(ctx context.Context, addr string, h http.Handler) (net.Addr, <-chan error, error) {
	listener, err := net.Listen("tcp", addr)
	if err != nil {
		return nil, nil, err
	}
	server := &http.Server{Handler: h, ReadHeaderTimeout: 5 * time.Second}
	done := make(chan error, 1)
	go func() {
		err := server.Serve(listener)
		if errors.Is(err, http.ErrServerClosed) {
			err = nil
		}
		done <- err
	}()
	go func() {
		<-ctx.Done()
		shutdownCtx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		_ = server.Shutdown(shutdownCtx)
	}()
	return listener.Addr(), done, nil
}
