package processor

import (
	"context"
	"fmt"

	"github.com/ThreeDotsLabs/watermill/message"

	"github.com/eventmesh/processor/handlers"
	"github.com/eventmesh/processor/middleware"
)

// newRouter assembles the router. Middleware added first runs outermost:
// correlation id, poison queue (permanent errors), retry (transient errors),
// panic recoverer, tenant validation, then the store handler.
func (s *Service) newRouter(context.Context) error {
	router, err := message.NewRouter(message.RouterConfig{CloseTimeout: s.cfg.CloseTimeout}, s.logger())
	if err != nil {
		return fmt.Errorf("create router: %w", err)
	}
	router.AddMiddleware(
		middleware.CorrelationID,
		middleware.PoisonQueue(s.poison.Put, DefaultHandlerName),
		s.cfg.Retry.Middleware,
		middleware.Recoverer,
		middleware.Validate(s.registry),
	)
	router.AddConsumerHandler(DefaultHandlerName, s.cfg.QueueName, s.subscriber, message.NoPublishHandlerFunc(handlers.Store(s.events, nil)))
	s.router = router
	return nil
}
