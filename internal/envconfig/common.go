package envconfig

import (
	"fmt"
	"io"
	"log/slog"
)

// DefaultDatabaseURL is DATABASE_URL when it is unset: the local Postgres of
// a development machine (pgx syntax).
const DefaultDatabaseURL = "postgres://postgres@127.0.0.1:5432/postgres?sslmode=disable"

// DatabaseURL is DATABASE_URL, or DefaultDatabaseURL.
func (r *Reader) DatabaseURL() string {
	return r.String("DATABASE_URL", DefaultDatabaseURL)
}

// DefaultQueueName is SQS_QUEUE_NAME when it is unset: the queue the
// producers publish to, the processor reads and the poison tool replays to.
const DefaultQueueName = "events"

// QueueName is SQS_QUEUE_NAME, or DefaultQueueName.
func (r *Reader) QueueName() string {
	return r.String("SQS_QUEUE_NAME", DefaultQueueName)
}

// SchemaDir is SCHEMA_DIR: a directory replacing the embedded schemas, or ""
// for the embedded ones.
func (r *Reader) SchemaDir() string {
	return r.String("SCHEMA_DIR", "")
}

// Logger returns a JSON logger writing to w at LOG_LEVEL (debug, info, warn
// or error; default info). A LOG_LEVEL slog cannot parse is reported by Err,
// never silently replaced.
func (r *Reader) Logger(w io.Writer) *slog.Logger {
	var level slog.Level
	if v := r.String("LOG_LEVEL", "info"); level.UnmarshalText([]byte(v)) != nil {
		r.errs = append(r.errs, fmt.Errorf("environment variable LOG_LEVEL=%q: must be debug, info, warn or error", v))
		level = slog.LevelInfo
	}
	return slog.New(slog.NewJSONHandler(w, &slog.HandlerOptions{Level: level}))
}
