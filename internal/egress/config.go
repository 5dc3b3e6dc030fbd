package egress

import (
	"cmp"
	"errors"
	"fmt"
	"net/http"
	"time"
)

// Defaults and limits of ClientConfig.
const (
	DefaultTimeout             = 15 * time.Second
	DefaultMaxIdleConnsPerHost = 64
	// MaxTimeout is the longest Timeout accepted.
	MaxTimeout = time.Hour
	// maxIdleConns bounds the idle connections kept over all hosts, hence
	// MaxIdleConnsPerHost too.
	maxIdleConns = 1024
)

// ClientConfig tunes NewClient. A zero field takes its default; each has a
// lower limit above zero, which Validate checks.
type ClientConfig struct {
	// Timeout bounds a whole request, body included. Default 15s; between
	// 1ms and MaxTimeout (1h).
	Timeout time.Duration
	// MaxIdleConnsPerHost is how many idle connections to one host are kept
	// for reuse. Connections are not bounded here: the sender bounds
	// requests in flight per endpoint. Default 64; between 1 and 1024.
	MaxIdleConnsPerHost int
	// Transport, when set, is used as the base transport (tests: a TLS
	// config trusting httptest's certificate); its DialContext is replaced.
	// Default: http.DefaultTransport's settings.
	Transport *http.Transport
}

func (c ClientConfig) withDefaults() ClientConfig {
	c.Timeout = cmp.Or(c.Timeout, DefaultTimeout)
	c.MaxIdleConnsPerHost = cmp.Or(c.MaxIdleConnsPerHost, DefaultMaxIdleConnsPerHost)
	return c
}

// Validate reports every field outside its limits, naming the field and
// the limit. NewClient calls it after the defaults.
func (c ClientConfig) Validate() error {
	var errs []error
	if c.Timeout < time.Millisecond || c.Timeout > MaxTimeout {
		errs = append(errs, fmt.Errorf("egress: Timeout must be in [1ms, %s], got %s", MaxTimeout, c.Timeout))
	}
	if c.MaxIdleConnsPerHost < 1 || c.MaxIdleConnsPerHost > maxIdleConns {
		errs = append(errs, fmt.Errorf("egress: MaxIdleConnsPerHost must be in [1, %d], got %d", maxIdleConns, c.MaxIdleConnsPerHost))
	}
	return errors.Join(errs...)
}
