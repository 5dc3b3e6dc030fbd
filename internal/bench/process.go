package bench

import (
	"context"

	"github.com/eventmesh/processor/internal/testbed"
)

// BuildProcessor builds cmd/processor as production does (go build, no race
// detector, no debug flags) into dir and returns the binary's path
// (testbed.Build).
func BuildProcessor(ctx context.Context, dir string) (string, error) {
	return testbed.Build(ctx, dir, testbed.ProcessorPackage)
}

// Processor is a running processor binary: URL, WaitReady, Usage, Stop and
// Started are testbed's.
type Processor = testbed.Processor

// StartProcessor runs bin with env on top of a clean environment (PATH and
// HOME only) and HTTP_ADDR on a free port; its logs go to logPath
// (testbed.StartProcessor).
func StartProcessor(bin, logPath string, env map[string]string) (*Processor, error) {
	return testbed.StartProcessor(bin, logPath, env)
}

// Usage is a process's resource use so far: CPU time and peak RSS.
type Usage = testbed.Usage

// procUsage reads the CPU time and peak RSS of process pid from /proc.
func procUsage(pid int) (Usage, error) { return testbed.ReadUsage(pid) }
