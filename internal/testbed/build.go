package testbed

import (
	"context"
	"fmt"
	"os/exec"
	"path"
	"path/filepath"
)

// Import paths of the commands that tests and the benchmark build.
const (
	ProcessorPackage = "github.com/eventmesh/processor/cmd/processor"
	SenderPackage    = "github.com/eventmesh/processor/cmd/sender"
)

// Build builds the command pkg (an import path of this module) as
// production does (go build: no race detector, no debug flags) into dir,
// and returns the binary's path: dir/<last element of pkg>. The error holds
// the compiler's output.
func Build(ctx context.Context, dir, pkg string) (string, error) {
	bin := filepath.Join(dir, path.Base(pkg))
	cmd := exec.CommandContext(ctx, "go", "build", "-o", bin, pkg)
	if out, err := cmd.CombinedOutput(); err != nil {
		return "", fmt.Errorf("go build %s: %w\n%s", pkg, err, out)
	}
	return bin, nil
}
