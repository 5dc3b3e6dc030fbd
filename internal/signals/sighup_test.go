package signals_test

import (
	"bytes"
	"context"
	"errors"
	"log/slog"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/eventmesh/processor/internal/signals"
)

// syncBuffer is a bytes.Buffer safe for the logger's goroutine and the test.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// Not parallel: SIGHUP goes to the whole test process.
func TestOnSIGHUP_reloads_on_each_signal_and_logs_failures(t *testing.T) {
	ctx, cancel := context.WithCancel(t.Context())
	var logs syncBuffer
	logger := slog.New(slog.NewJSONHandler(&logs, nil))
	calls := make(chan struct{})
	fail := errors.New("broken file")
	stop := signals.OnSIGHUP(ctx, logger, "reload failed; keeping what is in force", func(context.Context) error {
		calls <- struct{}{}
		return fail
	})
	defer stop()
	defer cancel()

	for range 2 {
		require.NoError(t, syscall.Kill(syscall.Getpid(), syscall.SIGHUP))
		<-calls
	}
	require.Eventually(t, func() bool {
		return strings.Count(logs.String(), `"msg":"reload failed; keeping what is in force","error":"broken file"`) == 2
	}, 5*time.Second, 10*time.Millisecond, logs.String())
}
