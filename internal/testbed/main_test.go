package testbed_test

import (
	"context"
	"net/http"
	"os"
	"os/signal"
	"strconv"
	"syscall"
	"testing"

	"github.com/eventmesh/processor/internal/testenv"
)

// childRole, when set, makes the test binary play a child process instead
// of running the tests: "exit:<code>" exits with code; "processor" serves
// /readyz on HTTP_ADDR until SIGTERM, then exits 0.
const childRole = "TESTBED_CHILD"

func TestMain(m *testing.M) {
	switch role := os.Getenv(childRole); {
	case role == "processor":
		serveUntilTerm()
	case len(role) > 5 && role[:5] == "exit:":
		code, _ := strconv.Atoi(role[5:])
		os.Exit(code)
	default:
		testenv.CheckLeaks(m)
	}
}

func serveUntilTerm() {
	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGTERM)
	defer stop()
	srv := &http.Server{Addr: os.Getenv("HTTP_ADDR"), Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(http.StatusOK)
	})}
	go func() { _ = srv.ListenAndServe() }()
	<-ctx.Done()
	_ = srv.Close()
	os.Exit(0)
}

// self is the test binary, the child of the process tests.
func self(t *testing.T) string {
	t.Helper()
	bin, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	return bin
}
