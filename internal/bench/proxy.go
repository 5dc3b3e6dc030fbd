package bench

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"maps"
	"net"
	"net/http"
	"net/http/httputil"
	"net/url"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// Proxy is an HTTP reverse proxy in front of the SQS endpoint. It counts the
// requests of each SQS operation (the X-Amz-Target header of the JSON
// protocol, the Action parameter of the query protocol) and can hold each
// request for a fixed delay before forwarding it, as real SQS answers 5–20 ms
// later than the local emulator.
type Proxy struct {
	srv    *http.Server
	addr   string
	delay  atomic.Int64 // nanoseconds
	target atomic.Pointer[httputil.ReverseProxy]

	deleted atomic.Int64 // entries of DeleteMessage(Batch) requests

	mu     sync.Mutex
	counts map[string]int64
}

// StartProxy listens on a free local port and forwards to target.
func StartProxy(target string) (*Proxy, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, fmt.Errorf("listen for the SQS proxy: %w", err)
	}
	p := &Proxy{addr: ln.Addr().String(), counts: map[string]int64{}}
	if err := p.SetTarget(target); err != nil {
		_ = ln.Close()
		return nil, err
	}
	p.srv = &http.Server{Handler: p.handler(), ReadHeaderTimeout: 10 * time.Second}
	go func() {
		if err := p.srv.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
			panic(fmt.Sprintf("bench: SQS proxy: %v", err))
		}
	}()
	return p, nil
}

// SetTarget forwards the requests from now on to target.
func (p *Proxy) SetTarget(target string) error {
	u, err := url.Parse(target)
	if err != nil {
		return fmt.Errorf("parse SQS endpoint %q: %w", target, err)
	}
	rp := httputil.NewSingleHostReverseProxy(u)
	rp.Transport = &http.Transport{MaxIdleConns: 1024, MaxIdleConnsPerHost: 1024, IdleConnTimeout: time.Minute}
	rp.ErrorLog = discardLog
	if old := p.target.Swap(rp); old != nil {
		old.Transport.(*http.Transport).CloseIdleConnections()
	}
	return nil
}

func (p *Proxy) handler() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		op := operation(r)
		p.count(op)
		p.countDeletes(op, r)
		if d := time.Duration(p.delay.Load()); d > 0 {
			time.Sleep(d)
		}
		p.target.Load().ServeHTTP(w, r)
	})
}

// operation names the SQS operation of r: "ReceiveMessage", …
func operation(r *http.Request) string {
	if t := r.Header.Get("X-Amz-Target"); t != "" {
		return strings.TrimPrefix(t, "AmazonSQS.")
	}
	if a := r.URL.Query().Get("Action"); a != "" {
		return a
	}
	return "other"
}

// countDeletes adds the entries of a delete request to Deleted. The body is
// read and put back for the emulator.
func (p *Proxy) countDeletes(op string, r *http.Request) {
	switch op {
	case "DeleteMessage":
		p.deleted.Add(1)
	case "DeleteMessageBatch":
		body, err := io.ReadAll(r.Body)
		if err != nil {
			return
		}
		r.Body = io.NopCloser(bytes.NewReader(body))
		p.deleted.Add(int64(bytes.Count(body, []byte(`"ReceiptHandle"`))))
	}
}

// Deleted is the number of delete entries sent since the last Reset.
func (p *Proxy) Deleted() int64 { return p.deleted.Load() }

func (p *Proxy) count(op string) {
	p.mu.Lock()
	p.counts[op]++
	p.mu.Unlock()
}

// URL is the proxy's endpoint, to give to SQS clients.
func (p *Proxy) URL() string { return "http://" + p.addr }

// SetDelay sets the delay added to every request from now on.
func (p *Proxy) SetDelay(d time.Duration) { p.delay.Store(int64(d)) }

// Reset zeroes the counts and returns the counts until then.
func (p *Proxy) Reset() Requests {
	p.mu.Lock()
	defer p.mu.Unlock()
	out := Requests(maps.Clone(p.counts))
	clear(p.counts)
	p.deleted.Store(0)
	return out
}

// Close stops the proxy.
func (p *Proxy) Close() error {
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	return p.srv.Shutdown(ctx)
}

// Requests counts SQS requests by operation.
type Requests map[string]int64

// Total is the number of requests of every operation.
func (r Requests) Total() int64 {
	var n int64
	for _, c := range r {
		n += c
	}
	return n
}
