package sender

import (
	"context"
	"fmt"
	"sync"
	"time"

	"github.com/ThreeDotsLabs/watermill"
	wsql "github.com/ThreeDotsLabs/watermill-sql/v4/pkg/sql"
	"github.com/ThreeDotsLabs/watermill/message"
	"github.com/ThreeDotsLabs/watermill/message/router/middleware"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/eventmesh/processor/internal/store"
)

// topics runs the Watermill router that reads every tenant's topic: one
// handler per tenant, added at start and on reload for new tenants.
type topics struct {
	router     *message.Router
	subscriber *wsql.Subscriber
	newFanout  func(tenant, table string) *fanout
	// prepare runs before a topic's handler is added (StartLatest).
	prepare func(topic string) error

	mu      sync.Mutex
	tenants map[string]bool
	started bool
	runCtx  context.Context
}

func newTopics(pool *pgxpool.Pool, cfg Config, newFanout func(tenant, table string) *fanout) (*topics, error) {
	logger := watermill.NewSlogLogger(cfg.Logger)
	router, err := message.NewRouter(message.RouterConfig{CloseTimeout: cfg.CloseTimeout}, logger)
	if err != nil {
		return nil, fmt.Errorf("create router: %w", err)
	}
	router.AddMiddleware(middleware.Recoverer)
	ackDeadline := 30 * time.Second
	sub, err := wsql.NewSubscriber(lockedBeginner{wsql.BeginnerFromPgx(pool)}, wsql.SubscriberConfig{
		ConsumerGroup:    cfg.ConsumerGroup,
		SchemaAdapter:    store.NewTopicSchema(),
		OffsetsAdapter:   wsql.DefaultPostgreSQLOffsetsAdapter{},
		InitializeSchema: true,
		PollInterval:     cfg.TopicPollInterval,
		ResendInterval:   100 * time.Millisecond,
		RetryInterval:    time.Second,
		AckDeadline:      &ackDeadline,
	}, logger)
	if err != nil {
		return nil, fmt.Errorf("create watermill-sql subscriber: %w", err)
	}
	prepare := func(string) error { return nil }
	if cfg.StartAt == StartLatest {
		prepare = func(topic string) error { return startAtEnd(context.Background(), pool, topic, cfg.ConsumerGroup) }
	}
	return &topics{router: router, subscriber: sub, newFanout: newFanout, prepare: prepare, tenants: map[string]bool{}}, nil
}

// add adds a handler for each tenant without one. Once the router runs,
// the new handlers start at once.
func (t *topics) add(tenants []string) error {
	t.mu.Lock()
	defer t.mu.Unlock()
	added := false
	for _, tenant := range tenants {
		if t.tenants[tenant] {
			continue
		}
		topic, err := store.EventsTopic(tenant)
		if err != nil {
			return err
		}
		if err := t.prepare(topic); err != nil {
			return err
		}
		f := t.newFanout(tenant, store.NewTopicSchema().MessagesTable(topic))
		t.router.AddConsumerHandler("fanout_"+tenant, topic, t.subscriber, f.handle)
		t.tenants[tenant] = true
		added = true
	}
	if added && t.started {
		<-t.router.Running()
		return t.router.RunHandlers(t.runCtx)
	}
	return nil
}

// run runs the router until ctx ends or it is closed.
func (t *topics) run(ctx context.Context) error {
	t.mu.Lock()
	t.started, t.runCtx = true, ctx
	t.mu.Unlock()
	return t.router.Run(ctx)
}

func (t *topics) close() error {
	err := t.router.Close()
	if subErr := t.subscriber.Close(); err == nil {
		err = subErr
	}
	return err
}
