package logging_test

import (
	"bytes"
	"log/slog"
	"slices"
	"testing"

	"github.com/ThreeDotsLabs/watermill"
	"github.com/stretchr/testify/require"

	"github.com/eventmesh/processor/internal/logging"
)

func TestWatermillLogger_writes_trace_and_debug_only_at_their_level(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		level slog.Level
		want  []string
	}{
		{slog.LevelInfo, []string{"info line"}},
		{slog.LevelDebug, []string{"debug line", "info line"}},
		{watermill.LevelTrace, []string{"trace line", "debug line", "info line"}},
	} {
		var buf bytes.Buffer
		handler := slog.NewJSONHandler(&buf, &slog.HandlerOptions{Level: tc.level})
		logger := logging.WatermillLogger(slog.New(handler)).With(watermill.LogFields{"handler_name": "h"})

		logger.Trace("trace line", watermill.LogFields{"message_uuid": "u"})
		logger.Debug("debug line", nil)
		logger.Info("info line", nil)

		out := buf.String()
		for _, line := range []string{"trace line", "debug line", "info line"} {
			if slices.Contains(tc.want, line) {
				require.Contains(t, out, line, tc.level)
				require.Contains(t, out, `"handler_name":"h"`, tc.level)
			} else {
				require.NotContains(t, out, line, tc.level)
			}
		}
	}
}

// A Trace call below the level: through WatermillLogger, and through
// Watermill's own slog adapter, which converts the fields first.
func BenchmarkWatermillLogger_trace_below_level(b *testing.B) {
	handler := slog.NewJSONHandler(&bytes.Buffer{}, nil)
	fields := watermill.LogFields{"message_uuid": "0b9f3c7e-7a1d-4a55-9a51-2c1f7d3f0d11"}
	for name, logger := range map[string]watermill.LoggerAdapter{
		"gated":     logging.WatermillLogger(slog.New(handler)),
		"watermill": watermill.NewSlogLogger(slog.New(handler)),
	} {
		b.Run(name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				logger.Trace("Received message", fields)
			}
		})
	}
}
