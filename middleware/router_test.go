package middleware_test

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"sync"
	"testing"
	"time"

	"github.com/ThreeDotsLabs/watermill"
	"github.com/ThreeDotsLabs/watermill/message"
	"github.com/ThreeDotsLabs/watermill/pubsub/gochannel"
	"github.com/stretchr/testify/require"

	"github.com/eventmesh/processor/internal/rejection"
	"github.com/eventmesh/processor/middleware"
)

// attempts counts handler calls per message UUID.
type attempts struct {
	mu sync.Mutex
	n  map[string]int
}

func (a *attempts) inc(uuid string) int {
	a.mu.Lock()
	defer a.mu.Unlock()
	a.n[uuid]++
	return a.n[uuid]
}

func (a *attempts) get(uuid string) int {
	a.mu.Lock()
	defer a.mu.Unlock()
	return a.n[uuid]
}

const routerRetries = 2

// behave fails as the payload says: "permanent", "panic", or "transient"
// for the first two deliveries' worth of attempts, then succeeds.
func behave(a *attempts) message.NoPublishHandlerFunc {
	return func(msg *message.Message) error {
		n := a.inc(msg.UUID)
		switch string(msg.Payload) {
		case "permanent":
			return &rejection.Error{Class: rejection.ClassSchema, Tenant: "acme-shop"}
		case "panic":
			panic("handler bug")
		case "transient":
			if n <= 2*(routerRetries+1) {
				return errors.New("connection refused")
			}
		}
		return nil
	}
}

func runRouter(t *testing.T, b poisonBundle, a *attempts) *gochannel.GoChannel {
	t.Helper()
	pubSub := gochannel.NewGoChannel(gochannel.Config{}, watermill.NopLogger{})
	router, err := message.NewRouter(message.RouterConfig{CloseTimeout: 5 * time.Second}, watermill.NopLogger{})
	require.NoError(t, err)
	router.AddMiddleware(
		middleware.CorrelationID,
		middleware.LogFailures(slog.New(slog.NewTextHandler(io.Discard, nil)), "h"),
		middleware.PoisonQueue{Put: b.store.Put, HandlerName: "h"}.Middleware,
		fastRetry(routerRetries).Middleware,
		middleware.Recoverer,
	)
	router.AddConsumerHandler("h", "events", pubSub, behave(a))
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- router.Run(ctx) }()
	<-router.Running()
	t.Cleanup(func() {
		cancel()
		require.NoError(t, <-done)
		require.NoError(t, pubSub.Close())
	})
	return pubSub
}

func TestRouter_permanent_and_panicking_messages_are_poisoned_once_transient_ones_retried_then_nacked(t *testing.T) {
	t.Parallel()
	b := setupPoison(t)
	a := &attempts{n: map[string]int{}}
	pubSub := runRouter(t, b, a)

	ids := map[string]string{}
	for _, kind := range []string{"permanent", "panic", "transient", "ok"} {
		msg := message.NewMessage(fmt.Sprintf("%s-%d", kind, time.Now().UnixNano()), []byte(kind))
		ids[kind] = msg.UUID
		require.NoError(t, pubSub.Publish("events", msg))
	}

	eventually(t, 10*time.Second, func() bool { return a.get(ids["transient"]) == 2*(routerRetries+1)+1 })

	require.Equal(t, 1, a.get(ids["permanent"]), "permanent errors are never retried")
	require.Equal(t, 1, a.get(ids["panic"]), "panics are never retried")
	require.Equal(t, 1, a.get(ids["ok"]))
	require.Equal(t, 2*(routerRetries+1)+1, a.get(ids["transient"]),
		"transient errors are retried, nacked, redelivered and retried again until they pass")

	// A poisoned message is acked once its record commits, which may be after
	// the transient message is done.
	eventually(t, 5*time.Second, func() bool {
		return len(b.records(t, ids["permanent"])) == 1 && len(b.records(t, ids["panic"])) == 1
	})
	permanent := b.records(t, ids["permanent"])
	require.Len(t, permanent, 1)
	require.Equal(t, string(rejection.ClassSchema), permanent[0]["reason_class"])
	panicked := b.records(t, ids["panic"])
	require.Len(t, panicked, 1)
	require.Equal(t, string(rejection.ClassPanic), panicked[0]["reason_class"])
	require.Empty(t, b.records(t, ids["transient"]), "transient errors never reach the poison queue")
	require.Empty(t, b.records(t, ids["ok"]))
}

func eventually(t *testing.T, timeout time.Duration, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(timeout)
	for !cond() {
		require.False(t, time.Now().After(deadline), "condition not met within %s", timeout)
		time.Sleep(20 * time.Millisecond)
	}
}
