package middleware_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/ThreeDotsLabs/watermill/message"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/stretchr/testify/require"

	"github.com/eventmesh/processor/internal/groupcommit"
	"github.com/eventmesh/processor/internal/poison"
	"github.com/eventmesh/processor/internal/rejection"
	"github.com/eventmesh/processor/internal/sqsqueue"
	"github.com/eventmesh/processor/internal/testenv"
	"github.com/eventmesh/processor/middleware"
)

type poisonBundle struct {
	pool  *pgxpool.Pool
	store *poison.Store
}

func setupPoison(t *testing.T) poisonBundle {
	t.Helper()
	pool := testenv.Postgres(t)
	s, err := poison.NewStore(context.Background(), pool, groupcommit.Config{Writers: 1})
	require.NoError(t, err)
	t.Cleanup(s.Close)
	return poisonBundle{pool: pool, store: s}
}

// records returns the metadata of the poison records of sqsMessageID.
func (b poisonBundle) records(t *testing.T, sqsMessageID string) []map[string]string {
	t.Helper()
	rows, err := b.pool.Query(context.Background(),
		`SELECT metadata::text FROM `+b.store.Table()+` WHERE metadata->>'sqs_message_id' = $1`, sqsMessageID)
	require.NoError(t, err)
	defer rows.Close()
	var out []map[string]string
	for rows.Next() {
		var raw string
		require.NoError(t, rows.Scan(&raw))
		var md map[string]string
		require.NoError(t, json.Unmarshal([]byte(raw), &md))
		out = append(out, md)
	}
	require.NoError(t, rows.Err())
	return out
}

func sqsMessage(body string) *message.Message {
	msg := message.NewMessage(fmt.Sprintf("m-%d", time.Now().UnixNano()), []byte(body))
	msg.Metadata.Set(sqsqueue.MetadataMessageID, msg.UUID)
	msg.Metadata.Set(sqsqueue.MetadataReceiveCount, "1")
	msg.Metadata.Set(middleware.CorrelationIDKey, "corr-1")
	return msg
}

func TestPoisonQueue_permanent_error_is_recorded_once_and_acked(t *testing.T) {
	t.Parallel()
	b := setupPoison(t)
	reason := &rejection.Error{
		Class: rejection.ClassSchema, Tenant: "acme", EventType: "order.created", EventID: fmt.Sprint(time.Now().UnixNano()),
		Violations: []rejection.Violation{{Path: "/total", Message: "must be >= 0"}},
	}
	h := middleware.PoisonQueue{Put: b.store.Put, HandlerName: "store_event"}.Middleware(func(*message.Message) ([]*message.Message, error) {
		return nil, fmt.Errorf("validate: %w", reason)
	})
	msg := sqsMessage("not \x00 json")

	_, err := h(msg)
	require.NoError(t, err, "a poisoned message is acked")
	_, err = h(msg)
	require.NoError(t, err, "a redelivery is acked again")

	records := b.records(t, msg.UUID)
	require.Len(t, records, 1)
	require.Equal(t, string(rejection.ClassSchema), records[0][poison.KeyClass])
	require.Equal(t, "2", records[0][poison.KeySeenCount])
	require.Equal(t, "corr-1", records[0][poison.KeyCorrelationID])
	require.JSONEq(t, `[{"path":"/total","message":"must be >= 0"}]`, records[0][poison.KeyViolations])
}

func TestPoisonQueue_transient_errors_and_shutdown_pass_through(t *testing.T) {
	t.Parallel()
	b := setupPoison(t)
	for _, handlerErr := range []error{errors.New("connection refused"), context.Canceled} {
		h := middleware.PoisonQueue{Put: b.store.Put, HandlerName: "store_event"}.Middleware(func(*message.Message) ([]*message.Message, error) {
			return nil, handlerErr
		})
		msg := sqsMessage(`{}`)
		_, err := h(msg)
		require.ErrorIs(t, err, handlerErr)
		require.Empty(t, b.records(t, msg.UUID))
	}
}

func TestPoisonQueue_panic_is_recorded(t *testing.T) {
	t.Parallel()
	b := setupPoison(t)
	h := middleware.PoisonQueue{Put: b.store.Put, HandlerName: "store_event"}.Middleware(middleware.Recoverer(func(*message.Message) ([]*message.Message, error) {
		panic("boom")
	}))
	msg := sqsMessage(`{}`)

	_, err := h(msg)

	require.NoError(t, err)
	records := b.records(t, msg.UUID)
	require.Len(t, records, 1)
	require.Equal(t, string(rejection.ClassPanic), records[0][poison.KeyClass])
}

func TestPoisonQueue_failed_record_write_nacks(t *testing.T) {
	t.Parallel()
	b := setupPoison(t)
	b.store.Close() // every write now fails, as when Postgres is unreachable
	h := middleware.PoisonQueue{Put: b.store.Put, HandlerName: "store_event"}.Middleware(func(*message.Message) ([]*message.Message, error) {
		return nil, &rejection.Error{Class: rejection.ClassEnvelope}
	})

	_, err := h(sqsMessage(`x`))

	require.ErrorIs(t, err, groupcommit.ErrClosed)
	require.False(t, rejection.IsPermanent(err), "the write failure is transient")
}
