package egress

import (
	"net"
	"net/http"
	"time"
)

// ClientConfig tunes NewClient.
type ClientConfig struct {
	// Timeout bounds a whole request, body included (default 15s).
	Timeout time.Duration
	// MaxIdleConnsPerHost is how many idle connections to one host are kept
	// for reuse (default 64). Connections are not bounded here: the sender
	// bounds requests in flight per endpoint.
	MaxIdleConnsPerHost int
	// Transport, when set, is used as the base transport (tests: a TLS
	// config trusting httptest's certificate); its DialContext is replaced.
	Transport *http.Transport
}

// NewClient returns an HTTP client whose every connection goes through the
// guard, that uses no proxy from the environment (a proxy would dial for
// it, unchecked), and that follows no redirect (a 3xx is the endpoint's
// answer, and a redirect could lead to a forbidden address by name).
func NewClient(g *Guard, cfg ClientConfig) *http.Client {
	dialer := &net.Dialer{Timeout: 5 * time.Second, KeepAlive: 30 * time.Second, Control: g.Control}
	t := cfg.Transport
	if t == nil {
		t = http.DefaultTransport.(*http.Transport).Clone()
	}
	t = t.Clone()
	t.Proxy = nil
	t.DialContext = dialer.DialContext
	t.MaxIdleConnsPerHost = cmpOr(cfg.MaxIdleConnsPerHost, 64)
	t.MaxIdleConns = 1024
	t.ResponseHeaderTimeout = 0
	return &http.Client{
		Transport: t,
		Timeout:   cmpDuration(cfg.Timeout, 15*time.Second),
		CheckRedirect: func(*http.Request, []*http.Request) error {
			return http.ErrUseLastResponse
		},
	}
}

func cmpOr(v, def int) int {
	if v > 0 {
		return v
	}
	return def
}

func cmpDuration(v, def time.Duration) time.Duration {
	if v > 0 {
		return v
	}
	return def
}
