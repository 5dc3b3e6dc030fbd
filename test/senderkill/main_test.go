// Package senderkill is the sender's kill test: the sender binary is
// SIGKILLed again and again (two instances at once for part of the run)
// while events flow to three endpoints; every (event, endpoint) pair must
// reach its endpoint at least once.
package senderkill

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
)

// binary is the sender built for this run.
var binary string

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "senderkill")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	binary = filepath.Join(dir, "sender")
	build := exec.Command("go", "build", "-o", binary, "../../cmd/sender")
	build.Stdout, build.Stderr = os.Stderr, os.Stderr
	if err := build.Run(); err != nil {
		fmt.Fprintln(os.Stderr, "build the sender:", err)
		os.Exit(1)
	}
	code := m.Run()
	_ = os.RemoveAll(dir)
	os.Exit(code)
}
