package poison

import (
	"encoding/json"
	"strconv"
	"strings"
	"time"

	"github.com/eventmesh/processor/internal/rejection"
	"github.com/eventmesh/processor/internal/store"
)

// MessagesTable is the poison queue's table name, quoted for SQL
// ("watermill_poison"), without starting a Store.
func MessagesTable() string {
	return store.NewBinaryTopicSchema().MessagesTable(Topic)
}

// Record is a poison record read back from its table: the row's columns and
// its metadata parsed into the reason and sightings Rejected.Message wrote.
// Parsing is lenient: a missing or malformed value is left zero (or, for
// violations, reported as one violation at the root), so one odd row never
// hides the others from an operator.
type Record struct {
	Offset    int64
	UUID      string
	CreatedAt time.Time
	Body      []byte
	// Metadata is the row's metadata as stored, every key included.
	Metadata map[string]string

	Class         rejection.Class
	Error         string
	Violations    []rejection.Violation
	Tenant        string
	Producer      string
	EventType     string
	SchemaVersion string
	EventID       string
	CorrelationID string
	SQSMessageID  string
	Handler       string
	ReceiveCount  int
	SeenCount     int
	FirstSeenAt   time.Time
	LastSeenAt    time.Time
	// Attributes is the metadata the message arrived with (the "attr."
	// keys, without the prefix): its SQS message attributes and the
	// subscriber's own keys.
	Attributes map[string]string
}

// ParseRecord parses one row of the poison table. metadata is the JSON
// object of strings of the row's metadata column (nil or "null" for none).
func ParseRecord(offset int64, uuid string, createdAt time.Time, payload, metadata []byte) *Record {
	r := &Record{Offset: offset, UUID: uuid, CreatedAt: createdAt, Body: payload}
	r.Metadata = parseMetadata(metadata)
	m := r.Metadata
	r.Class = rejection.Class(m[KeyClass])
	r.Error, r.Violations = m[KeyError], parseViolations(m[KeyViolations])
	r.Tenant, r.Producer, r.EventType = m[KeyTenant], m[KeyProducer], m[KeyEventType]
	r.SchemaVersion, r.EventID = m[KeySchemaVersion], m[KeyEventID]
	r.CorrelationID, r.SQSMessageID, r.Handler = m[KeyCorrelationID], m[KeySQSMessageID], m[KeyHandler]
	r.ReceiveCount, _ = strconv.Atoi(m[KeyReceiveCount])
	r.SeenCount, _ = strconv.Atoi(m[KeySeenCount])
	r.FirstSeenAt, _ = time.Parse(time.RFC3339Nano, m[KeyFirstSeenAt])
	r.LastSeenAt, _ = time.Parse(time.RFC3339Nano, m[KeyLastSeenAt])
	r.Attributes = attributes(m)
	return r
}

func parseMetadata(raw []byte) map[string]string {
	m := map[string]string{}
	if len(raw) == 0 {
		return m
	}
	var values map[string]any
	if err := json.Unmarshal(raw, &values); err != nil {
		return m
	}
	for k, v := range values {
		if s, ok := v.(string); ok {
			m[k] = s
		} else if b, err := json.Marshal(v); err == nil {
			m[k] = string(b)
		}
	}
	return m
}

func parseViolations(raw string) []rejection.Violation {
	if raw == "" {
		return nil
	}
	var v []rejection.Violation
	if err := json.Unmarshal([]byte(raw), &v); err != nil {
		return []rejection.Violation{{Message: "unparseable violations: " + raw}}
	}
	return v
}

func attributes(m map[string]string) map[string]string {
	attrs := map[string]string{}
	for k, v := range m {
		if name, ok := strings.CutPrefix(k, AttributePrefix); ok {
			attrs[name] = v
		}
	}
	return attrs
}
