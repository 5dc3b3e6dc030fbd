package bench

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"time"

	"github.com/eventmesh/processor/internal/testbed"
)

// maybeProfile takes a CPU profile of p during the processor phase's drain,
// from the moment its HTTP server answers, and writes it with its `go tool
// pprof -top` to WorkDir. The returned channel is closed when it is done.
func (r *runner) maybeProfile(ctx context.Context, phase string, p *testbed.Processor) <-chan struct{} {
	done := make(chan struct{})
	if phase != PhaseProcessor || r.round != 1 || r.cfg.ProfileSeconds <= 0 {
		close(done)
		return done
	}
	go func() {
		defer close(done)
		if err := r.profile(ctx, p); err != nil {
			r.cfg.Logger.Warn("CPU profile failed", "error", err.Error())
		}
	}()
	return done
}

func (r *runner) profile(ctx context.Context, p *testbed.Processor) error {
	if err := testbed.WaitHTTP(ctx, p.URL()+"/healthz", 30*time.Second); err != nil {
		return err
	}
	seconds := r.cfg.ProfileSeconds
	timeout := time.Duration(seconds+30) * time.Second
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	code, body, err := testbed.Get(ctx, fmt.Sprintf("%s/debug/pprof/profile?seconds=%d", p.URL(), seconds), timeout)
	if err != nil {
		return fmt.Errorf("pprof: %w", err)
	}
	if code != 200 {
		return fmt.Errorf("pprof: status %d", code)
	}
	path := filepath.Join(r.cfg.WorkDir, "processor-cpu.pprof")
	if err := os.WriteFile(path, body, 0o644); err != nil {
		return err
	}
	top, err := exec.CommandContext(ctx, "go", "tool", "pprof", "-top", "-nodecount=30", r.bin, path).Output()
	if err != nil {
		return fmt.Errorf("go tool pprof: %w", err)
	}
	r.profileTop = string(top)
	if err := os.WriteFile(filepath.Join(r.cfg.WorkDir, "processor-cpu-top.txt"), top, 0o644); err != nil {
		return err
	}
	// Allocations since start-up, for where the garbage collector's work comes from.
	if code, allocs, err := testbed.Get(ctx, p.URL()+"/debug/pprof/allocs", timeout); err == nil && code == 200 {
		return os.WriteFile(filepath.Join(r.cfg.WorkDir, "processor-allocs.pprof"), allocs, 0o644)
	}
	return nil
}
