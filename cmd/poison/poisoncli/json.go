package poisoncli

import (
	"encoding/base64"
	"encoding/json"
	"fmt"
	"time"
	"unicode/utf8"

	"github.com/eventmesh/processor/internal/poisonadmin"
	"github.com/eventmesh/processor/internal/rejection"
)

// jsonRecord is a record in --json output.
type jsonRecord struct {
	ID            string                `json:"id"`
	Offset        int64                 `json:"offset"`
	Status        poisonadmin.Status    `json:"status"`
	Replays       int                   `json:"replays"`
	Class         rejection.Class       `json:"class"`
	Error         string                `json:"error"`
	Violations    []rejection.Violation `json:"violations"`
	Tenant        string                `json:"tenant"`
	Producer      string                `json:"producer"`
	EventType     string                `json:"event_type"`
	SchemaVersion string                `json:"schema_version"`
	EventID       string                `json:"event_id"`
	CorrelationID string                `json:"correlation_id"`
	SQSMessageID  string                `json:"sqs_message_id"`
	ReceiveCount  int                   `json:"receive_count"`
	SeenCount     int                   `json:"seen_count"`
	FirstSeenAt   time.Time             `json:"first_seen_at"`
	LastSeenAt    time.Time             `json:"last_seen_at"`
	Handler       string                `json:"handler_name"`
	Attributes    map[string]string     `json:"attributes,omitempty"`
	// Body is the body as text when it is UTF-8; BodyBase64 always holds
	// the exact bytes. Both are in show's output only.
	Body       *string      `json:"body,omitempty"`
	BodyBase64 string       `json:"body_base64,omitempty"`
	Actions    []jsonAction `json:"actions,omitempty"`
}

type jsonAction struct {
	Action      string    `json:"action"`
	State       string    `json:"state"`
	Actor       string    `json:"actor"`
	Reason      string    `json:"reason,omitempty"`
	Queue       string    `json:"queue,omitempty"`
	MessageUUID string    `json:"message_uuid,omitempty"`
	Error       string    `json:"error,omitempty"`
	RunID       string    `json:"run_id"`
	At          time.Time `json:"at"`
}

func newJSONRecord(r *poisonadmin.Record) jsonRecord {
	return jsonRecord{
		ID: r.UUID, Offset: r.Offset, Status: r.Status, Replays: r.Replays, Class: r.Class, Error: r.Error,
		Violations: r.Violations, Tenant: r.Tenant, Producer: r.Producer, EventType: r.EventType,
		SchemaVersion: r.SchemaVersion, EventID: r.EventID, CorrelationID: r.CorrelationID,
		SQSMessageID: r.SQSMessageID, ReceiveCount: r.ReceiveCount, SeenCount: r.SeenCount,
		FirstSeenAt: r.FirstSeenAt, LastSeenAt: r.LastSeenAt, Handler: r.Handler,
	}
}

func newJSONDetail(d *poisonadmin.Detail) jsonRecord {
	out := newJSONRecord(d.Record)
	out.Attributes = d.Attributes
	if utf8.Valid(d.Body) {
		text := string(d.Body)
		out.Body = &text
	}
	out.BodyBase64 = base64.StdEncoding.EncodeToString(d.Body)
	for _, a := range d.Actions {
		out.Actions = append(out.Actions, jsonAction{
			Action: a.Action, State: a.State, Actor: a.Actor, Reason: a.Reason, Queue: a.Queue,
			MessageUUID: a.MessageUUID, Error: a.Error, RunID: a.RunID, At: a.UpdatedAt,
		})
	}
	return out
}

// writeJSON writes v indented, with every rune a terminal may act on
// escaped (see safeJSON).
func (c *cli) writeJSON(v any) error {
	b, err := json.MarshalIndent(v, "", "  ")
	if err != nil {
		return fmt.Errorf("encode output: %w", err)
	}
	_, err = c.cfg.Stdout.Write(append(safeJSON(b), '\n'))
	return err
}
