package testbed

import (
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"time"
)

// FreeAddr returns 127.0.0.1:<port> with a port that was free a moment
// ago, for a child process to listen on.
func FreeAddr() (string, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", fmt.Errorf("find a free port: %w", err)
	}
	defer ln.Close()
	return ln.Addr().String(), nil
}

// pollInterval is the time between two polls of an HTTP endpoint.
const pollInterval = 20 * time.Millisecond

// pollTimeout bounds each request of a poll.
const pollTimeout = time.Second

// WaitHTTP polls url until it answers at all (any status), or timeout
// passes or ctx ends; the error is then the last request's.
func WaitHTTP(ctx context.Context, url string, timeout time.Duration) error {
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	for {
		_, _, err := Get(ctx, url, pollTimeout)
		if err == nil {
			return nil
		}
		select {
		case <-ctx.Done():
			return err
		case <-time.After(pollInterval):
		}
	}
}

// Get gets url with http.DefaultClient within timeout (and ctx), and
// returns the status code and the whole body. Any status is an answer: the
// error is the request's or the body's (then status is still set, body
// nil).
func Get(ctx context.Context, url string, timeout time.Duration) (status int, body []byte, err error) {
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return 0, nil, fmt.Errorf("get %s: %w", url, err)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return 0, nil, err // already "Get \"url\": …"
	}
	defer resp.Body.Close()
	body, err = io.ReadAll(resp.Body)
	if err != nil {
		return resp.StatusCode, nil, fmt.Errorf("read the body of %s: %w", url, err)
	}
	return resp.StatusCode, body, nil
}
