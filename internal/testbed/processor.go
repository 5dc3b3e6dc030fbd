package testbed

import (
	"context"
	"fmt"
	"maps"
	"net/http"
	"os"
	"slices"
	"time"
)

// Processor is a running processor binary, its ops endpoints (/readyz,
// /metrics, /debug/pprof) on Addr.
type Processor struct {
	*Process
	addr string // HTTP_ADDR, host:port
}

// StartProcessor runs the processor binary bin with env on top of a clean
// environment (PATH and HOME of this process, nothing else) and HTTP_ADDR
// on a free local port; its stdout and stderr go to logPath.
func StartProcessor(bin, logPath string, env map[string]string) (*Processor, error) {
	addr, err := FreeAddr()
	if err != nil {
		return nil, err
	}
	p, err := Start(Command{Path: bin, Env: cleanEnv(addr, env), LogPath: logPath})
	if err != nil {
		return nil, err
	}
	return &Processor{Process: p, addr: addr}, nil
}

// cleanEnv is env on top of PATH, HOME and HTTP_ADDR=httpAddr, as KEY=value
// sorted by key.
func cleanEnv(httpAddr string, env map[string]string) []string {
	full := map[string]string{"PATH": os.Getenv("PATH"), "HOME": os.Getenv("HOME"), "HTTP_ADDR": httpAddr}
	maps.Copy(full, env)
	out := make([]string, 0, len(full))
	for _, k := range slices.Sorted(maps.Keys(full)) {
		out = append(out, k+"="+full[k])
	}
	return out
}

// Addr is the address of the ops endpoints, host:port.
func (p *Processor) Addr() string { return p.addr }

// URL is the base URL of the ops endpoints, http://host:port.
func (p *Processor) URL() string { return "http://" + p.addr }

// WaitReady polls /readyz until it answers 200. The error says the process
// exited first (with its exit code) or timeout passed or ctx ended, and
// names the log.
func (p *Processor) WaitReady(ctx context.Context, timeout time.Duration) error {
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	for {
		if code, _, _ := Get(ctx, p.URL()+"/readyz", pollTimeout); code == http.StatusOK {
			return nil
		}
		select {
		case <-p.Done():
			_, code := p.Exited()
			return fmt.Errorf("processor exited with code %d before it was ready; see %s", code, p.LogPath())
		case <-ctx.Done():
			return fmt.Errorf("processor not ready after %s; see %s", timeout, p.LogPath())
		case <-time.After(pollInterval):
		}
	}
}
