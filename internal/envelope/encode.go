package envelope

import (
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"time"
)

// wireEvent is the canonical CloudEvents 1.0 JSON body, attributes in the
// order Marshal writes them.
type wireEvent struct {
	SpecVersion     string          `json:"specversion"`
	ID              string          `json:"id"`
	Source          string          `json:"source"`
	Type            string          `json:"type"`
	Tenant          string          `json:"tenant"`
	Time            string          `json:"time,omitempty"`
	SchemaVersion   string          `json:"schemaversion,omitempty"`
	DataContentType string          `json:"datacontenttype"`
	Data            json.RawMessage `json:"data"`
}

// legacyEvent is the original system's body.
type legacyEvent struct {
	EventType string          `json:"event_type"`
	ClientID  string          `json:"client_id"`
	Message   json.RawMessage `json:"message"`
}

// NewCloudEvent returns a CloudEvents event with a fresh random id (a UUID
// v4), the current time in UTC and data encoded as JSON (a json.RawMessage is
// used as it is). SchemaVersion is left empty: set it to pin a version, or
// the registry applies the tenant's default.
func NewCloudEvent(tenant, producer, eventType string, data any) (*Event, error) {
	raw, ok := data.(json.RawMessage)
	if !ok {
		var err error
		if raw, err = json.Marshal(data); err != nil {
			return nil, fmt.Errorf("encode data of %s event: %w", eventType, err)
		}
	}
	return &Event{
		ID: NewID(), Tenant: tenant, Producer: producer, Type: eventType,
		Time: time.Now().UTC(), Format: FormatCloudEvents, Data: raw,
	}, nil
}

// Marshal encodes ev as the canonical CloudEvents 1.0 JSON body, whatever
// its Format, with the time in RFC 3339 UTC (omitted when zero) and the
// schema version in the "schemaversion" extension (omitted when empty).
// It fails when Decode would reject the body, so producers, tests and the
// replay tool never publish an envelope the processor refuses.
func Marshal(ev Event) ([]byte, error) {
	w := wireEvent{
		SpecVersion: "1.0", ID: ev.ID, Source: ev.Producer, Type: ev.Type, Tenant: ev.Tenant,
		SchemaVersion: ev.SchemaVersion, DataContentType: "application/json", Data: ev.Data,
	}
	if !ev.Time.IsZero() {
		w.Time = ev.Time.UTC().Format(time.RFC3339Nano)
	}
	return encodeChecked(w, ev.ID, "")
}

// MarshalLegacy encodes ev in the original system's format, for tests and
// tools that play the original producers. The id is not part of that format:
// Decode takes it from its fallbackID.
func MarshalLegacy(ev Event) ([]byte, error) {
	return encodeChecked(legacyEvent{EventType: ev.Type, ClientID: ev.Tenant, Message: ev.Data}, ev.ID, ev.ID)
}

func encodeChecked(v any, id, fallbackID string) ([]byte, error) {
	body, err := json.Marshal(v)
	if err != nil {
		return nil, fmt.Errorf("encode event %q: %w", id, err)
	}
	if _, err := Decode(body, fallbackID); err != nil {
		return nil, fmt.Errorf("encode event %q: %w", id, err)
	}
	return body, nil
}

// NewID returns a random UUID v4, the event id NewCloudEvent gives.
func NewID() string {
	var u [16]byte
	_, _ = rand.Read(u[:]) // crypto/rand.Read never fails (Go 1.24+).
	u[6] = u[6]&0x0f | 0x40
	u[8] = u[8]&0x3f | 0x80
	var s [36]byte
	hex.Encode(s[0:8], u[0:4])
	s[8] = '-'
	hex.Encode(s[9:13], u[4:6])
	s[13] = '-'
	hex.Encode(s[14:18], u[6:8])
	s[18] = '-'
	hex.Encode(s[19:23], u[8:10])
	s[23] = '-'
	hex.Encode(s[24:], u[10:])
	return string(s[:])
}
