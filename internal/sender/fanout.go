package sender

import (
	"errors"
	"fmt"
	"log/slog"

	wsql "github.com/ThreeDotsLabs/watermill-sql/v4/pkg/sql"
	"github.com/ThreeDotsLabs/watermill/message"

	"github.com/eventmesh/processor/internal/delivery"
	"github.com/eventmesh/processor/internal/store"
	"github.com/eventmesh/processor/internal/subscription"
)

// errNoTx means the message did not come from watermill-sql's Subscriber.
var errNoTx = errors.New("message has no watermill-sql transaction")

// fanout is the router's handler for one tenant's topic: it records one
// pending delivery per enabled endpoint whose subscription matches the
// event, in the subscriber's transaction, which then advances the consumer
// group's offset and commits both together.
type fanout struct {
	tenant    string
	table     string // quoted topic table
	endpoints *endpoints
	metrics   *metrics
	logger    *slog.Logger
}

func (f *fanout) handle(msg *message.Message) error {
	tx, ok := wsql.TxFromContext(msg.Context())
	if !ok {
		return errNoTx
	}
	eventType := msg.Metadata.Get(store.MetaEventType)
	body := delivery.CloudEvent(msg.Metadata, msg.Payload)
	matched, err := subscription.Match(f.endpoints.set().Tenant(f.tenant), eventType, body)
	if err != nil {
		// The payload column is JSON: this is not expected; the event
		// matches no filter rather than blocking the tenant's topic.
		f.logger.Error("event unreadable by filters; delivered to no filtered endpoint",
			"tenant", f.tenant, "event_id", msg.Metadata.Get(store.MetaEventID), "error", err.Error())
		return nil
	}
	ids := make([]string, 0, len(matched))
	for _, sub := range matched {
		if ep, ok := f.endpoints.get(sub.Key()); ok && !ep.isDisabled() {
			ids = append(ids, sub.ID)
		}
	}
	ev := delivery.Event{Tenant: f.tenant, UUID: msg.UUID, ID: msg.Metadata.Get(store.MetaEventID), Type: eventType, Body: body}
	n, err := delivery.Record(msg.Context(), tx, f.table, ev, ids)
	if err != nil {
		return fmt.Errorf("fan out: %w", err)
	}
	f.metrics.fannedOut.WithLabelValues(f.tenant).Add(float64(n))
	f.metrics.conflicts.WithLabelValues(f.tenant).Add(float64(int64(len(ids)) - n))
	return nil
}
