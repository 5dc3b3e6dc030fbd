package egress

import (
	"net"
	"net/http"
	"time"
)

// NewClient returns an HTTP client whose every connection goes through the
// guard, that uses no proxy from the environment (a proxy would dial for
// it, unchecked), and that follows no redirect (a 3xx is the endpoint's
// answer, and a redirect could lead to a forbidden address by name). It
// applies the defaults to cfg and validates it first: the error names
// every field outside its limits.
func NewClient(g *Guard, cfg ClientConfig) (*http.Client, error) {
	cfg = cfg.withDefaults()
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	dialer := &net.Dialer{Timeout: 5 * time.Second, KeepAlive: 30 * time.Second, Control: g.Control}
	t := cfg.Transport
	if t == nil {
		t = http.DefaultTransport.(*http.Transport).Clone()
	}
	t = t.Clone()
	t.Proxy = nil
	t.DialContext = dialer.DialContext
	t.MaxIdleConnsPerHost = cfg.MaxIdleConnsPerHost
	t.MaxIdleConns = maxIdleConns
	t.ResponseHeaderTimeout = 0
	return &http.Client{
		Transport: t,
		Timeout:   cfg.Timeout,
		CheckRedirect: func(*http.Request, []*http.Request) error {
			return http.ErrUseLastResponse
		},
	}, nil
}
