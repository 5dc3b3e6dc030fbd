package signals_test

import (
	"context"
	"errors"
	"log/slog"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/eventmesh/processor/internal/signals"
	"github.com/eventmesh/processor/internal/testenv"
)

// Not parallel: SIGHUP goes to the whole test process.
func TestOnSIGHUP_reloads_on_each_signal_and_logs_failures(t *testing.T) {
	ctx, cancel := context.WithCancel(t.Context())
	var logs testenv.LogBuffer
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
