// Package senderkill is the sender's kill test: the sender binary is
// SIGKILLed again and again (two instances at once for part of the run)
// while events flow to three endpoints; every (event, endpoint) pair must
// reach its endpoint at least once.
package senderkill

import (
	"context"
	"fmt"
	"os"
	"testing"

	"github.com/eventmesh/processor/internal/testbed"
)

// binary is the sender built for this run.
var binary string

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "senderkill")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	binary, err = testbed.Build(context.Background(), dir, testbed.SenderPackage)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	code := m.Run()
	_ = os.RemoveAll(dir)
	os.Exit(code)
}
