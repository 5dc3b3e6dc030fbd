package delivery

import (
	"context"
	"fmt"

	wsql "github.com/ThreeDotsLabs/watermill-sql/v4/pkg/sql"
	"github.com/google/uuid"
)

// Event is a stored event about to be fanned out.
type Event struct {
	Tenant string
	// UUID is the event's Watermill UUID in its topic table (a UUIDv5 of
	// tenant and event id).
	UUID string
	ID   string
	Type string
	// Body is the structured CloudEvent sent to every endpoint.
	Body []byte
}

// WebhookID is the webhook-id of the event with Watermill UUID eventUUID at
// endpoint: "msg_" and a UUIDv5 of both, the same for every attempt,
// recovery or sender instance, so receivers can drop duplicates.
func WebhookID(eventUUID, endpoint string) string {
	ns, err := uuid.Parse(eventUUID)
	if err != nil {
		ns = uuid.NewSHA1(uuid.NameSpaceOID, []byte(eventUUID))
	}
	return "msg_" + uuid.NewSHA1(ns, []byte(endpoint)).String()
}

// recordSQL inserts one pending row per endpoint. stored_at is the event
// row's created_at, read through the topic table's unique index on uuid.
const recordSQL = `INSERT INTO sender_deliveries (webhook_id, tenant, endpoint_id, event_id, event_type, body, stored_at)
SELECT t.w, $1, t.e, $2, $3, $4,
       COALESCE((SELECT created_at AT TIME ZONE current_setting('TimeZone') FROM %s WHERE "uuid" = $5), now())
FROM unnest($6::text[], $7::text[]) AS t(w, e)
ON CONFLICT (webhook_id) DO NOTHING`

// Record inserts a pending delivery of ev for each endpoint, through db:
// the watermill-sql subscriber's transaction (sql.TxFromContext), so the
// rows commit with the consumer group's offset or not at all. topicTable is
// the event's table, quoted (store.TopicSchema's MessagesTable). Rows that
// exist already (same webhook-id) are left as they are; it returns how many
// were inserted.
func Record(ctx context.Context, db wsql.ContextExecutor, topicTable string, ev Event, endpoints []string) (int64, error) {
	if len(endpoints) == 0 {
		return 0, nil
	}
	ids := make([]string, len(endpoints))
	for i, e := range endpoints {
		ids[i] = WebhookID(ev.UUID, e)
	}
	res, err := db.ExecContext(ctx, fmt.Sprintf(recordSQL, topicTable),
		ev.Tenant, ev.ID, ev.Type, ev.Body, ev.UUID, ids, endpoints)
	if err != nil {
		return 0, fmt.Errorf("record deliveries of event %s of tenant %s: %w", ev.ID, ev.Tenant, err)
	}
	n, err := res.RowsAffected()
	if err != nil {
		return 0, fmt.Errorf("record deliveries of event %s: %w", ev.ID, err)
	}
	return n, nil
}
