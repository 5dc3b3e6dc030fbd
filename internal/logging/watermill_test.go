package logging_test

import (
	"bytes"
	"errors"
	"log/slog"
	"strings"
	"testing"

	"github.com/ThreeDotsLabs/watermill"
	"github.com/stretchr/testify/require"

	"github.com/eventmesh/processor/internal/logging"
)

func TestWatermillLogger_drops_only_the_routers_handler_error_line(t *testing.T) {
	t.Parallel()
	var buf bytes.Buffer
	logger := logging.WatermillLogger(slog.New(slog.NewJSONHandler(&buf, nil))).With(watermill.LogFields{"handler_name": "h"})

	logger.Error("Handler returned error", errors.New("boom"), nil)
	logger.Error("Cannot connect receive messages", errors.New("dial tcp"), nil)
	logger.Info("Starting handler", nil)

	lines := strings.Split(strings.TrimSpace(buf.String()), "\n")
	require.Len(t, lines, 2)
	require.Contains(t, lines[0], "Cannot connect receive messages")
	require.Contains(t, lines[0], `"handler_name":"h"`)
	require.Contains(t, lines[1], "Starting handler")
}
