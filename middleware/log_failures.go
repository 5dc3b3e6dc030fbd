package middleware

import (
	"context"
	"errors"
	"log/slog"

	"github.com/ThreeDotsLabs/watermill/message"

	"github.com/eventmesh/processor/internal/rejection"
)

type poisonedKey struct{}

// markPoisoned tells the outer middleware that msg went to the poison queue.
func markPoisoned(msg *message.Message, reason *rejection.Error) {
	msg.SetContext(context.WithValue(msg.Context(), poisonedKey{}, reason))
}

func poisonedReason(msg *message.Message) (*rejection.Error, bool) {
	reason, ok := msg.Context().Value(poisonedKey{}).(*rejection.Error)
	return reason, ok
}

// LogFailures logs exactly one line for each message that did not succeed:
// a warning when it was poisoned, an error when it was Nacked for redelivery,
// and an info line when shutdown cancelled it (context.Canceled: expected,
// SQS delivers it again).
// Each line carries message_uuid, handler_name, correlation_id and, once the
// envelope was decoded, event_id, tenant and event_type. Add it right after
// CorrelationID, outside PoisonQueue. The router's own "Handler returned
// error" line is dropped by logging.WatermillLogger so it is not doubled.
func LogFailures(logger *slog.Logger, handlerName string) message.HandlerMiddleware {
	return func(h message.HandlerFunc) message.HandlerFunc {
		return func(msg *message.Message) ([]*message.Message, error) {
			produced, err := h(msg)
			if errors.Is(err, context.Canceled) {
				logger.Info("message left to SQS at shutdown", append(messageAttrs(msg, handlerName), "error", err.Error())...)
				return produced, err
			}
			if err != nil {
				logger.Error("message nacked for redelivery", append(messageAttrs(msg, handlerName), "error", err.Error())...)
				return produced, err
			}
			if reason, ok := poisonedReason(msg); ok {
				logger.Warn("message poisoned", append(poisonedAttrs(msg, handlerName, reason),
					"reason_class", string(reason.Class), "error", reason.Error())...)
			}
			return produced, nil
		}
	}
}

func messageAttrs(msg *message.Message, handlerName string) []any {
	attrs := []any{
		"message_uuid", msg.UUID,
		"handler_name", handlerName,
		"correlation_id", msg.Metadata.Get(CorrelationIDKey),
	}
	if ev, ok := EventFromContext(msg.Context()); ok {
		attrs = append(attrs, "event_id", ev.ID, "tenant", ev.Tenant, "event_type", ev.Type)
	}
	return attrs
}

// poisonedAttrs names the event from what validation learnt before it
// failed, when the event never reached the message context.
func poisonedAttrs(msg *message.Message, handlerName string, reason *rejection.Error) []any {
	if _, ok := EventFromContext(msg.Context()); ok {
		return messageAttrs(msg, handlerName)
	}
	attrs := messageAttrs(msg, handlerName)
	for _, kv := range [][2]string{{"event_id", reason.EventID}, {"tenant", reason.Tenant}, {"event_type", reason.EventType}} {
		if kv[1] != "" {
			attrs = append(attrs, kv[0], kv[1])
		}
	}
	return attrs
}
