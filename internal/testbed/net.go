package testbed

import (
	"context"
	"fmt"
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

// WaitHTTP polls url until it answers at all (any status), or timeout
// passes or ctx ends; the error is then the last request's.
func WaitHTTP(ctx context.Context, url string, timeout time.Duration) error {
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	for {
		_, err := getStatus(ctx, url)
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

// getStatus gets url within a second and returns its status code.
func getStatus(ctx context.Context, url string) (int, error) {
	ctx, cancel := context.WithTimeout(ctx, time.Second)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return 0, err
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return 0, err
	}
	return resp.StatusCode, resp.Body.Close()
}
