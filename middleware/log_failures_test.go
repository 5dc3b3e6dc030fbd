package middleware_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"testing"

	"github.com/ThreeDotsLabs/watermill/message"
	"github.com/stretchr/testify/require"

	"github.com/eventmesh/processor/internal/rejection"
	"github.com/eventmesh/processor/middleware"
)

func logLines(t *testing.T, buf *bytes.Buffer) []map[string]any {
	t.Helper()
	var lines []map[string]any
	for _, line := range strings.Split(strings.TrimSpace(buf.String()), "\n") {
		if line == "" {
			continue
		}
		var m map[string]any
		require.NoError(t, json.Unmarshal([]byte(line), &m))
		lines = append(lines, m)
	}
	return lines
}

func TestLogFailures_logs_one_line_per_failed_message(t *testing.T) {
	t.Parallel()
	b := setupPoison(t)
	var buf bytes.Buffer
	logger := slog.New(slog.NewJSONHandler(&buf, nil))
	chain := func(err error) message.HandlerFunc {
		return middleware.LogFailures(logger, "store_event")(
			middleware.PoisonQueue{Put: b.store.Put, HandlerName: "store_event"}.Middleware(
				fastRetry(2).Middleware(func(*message.Message) ([]*message.Message, error) { return nil, err })))
	}

	_, err := chain(&rejection.Error{Class: rejection.ClassTenantUnknown, Tenant: "nobody", EventID: "e-7"})(sqsMessage("{}"))
	require.NoError(t, err)
	_, err = chain(errors.New("connection refused"))(sqsMessage("{}"))
	require.Error(t, err)
	_, err = chain(nil)(sqsMessage("{}"))
	require.NoError(t, err)

	lines := logLines(t, &buf)
	require.Len(t, lines, 2, "one line per failure, none for success, none per retry")
	require.Equal(t, "message poisoned", lines[0]["msg"])
	require.Equal(t, "tenant_unknown", lines[0]["reason_class"])
	require.Equal(t, "nobody", lines[0]["tenant"])
	require.Equal(t, "e-7", lines[0]["event_id"])
	require.Equal(t, "corr-1", lines[0]["correlation_id"])
	require.Equal(t, "message nacked for redelivery", lines[1]["msg"])
	require.Equal(t, "ERROR", lines[1]["level"])
}

func TestLogFailures_a_message_cancelled_by_shutdown_is_one_info_line(t *testing.T) {
	t.Parallel()
	var buf bytes.Buffer
	logger := slog.New(slog.NewJSONHandler(&buf, nil))
	h := middleware.LogFailures(logger, "store_event")(func(*message.Message) ([]*message.Message, error) {
		return nil, fmt.Errorf("hold: %w", context.Canceled)
	})

	_, err := h(sqsMessage("{}"))

	require.ErrorIs(t, err, context.Canceled)
	lines := logLines(t, &buf)
	require.Len(t, lines, 1)
	require.Equal(t, "message left to SQS at shutdown", lines[0]["msg"])
	require.Equal(t, "INFO", lines[0]["level"])
}
