// Package envelope decodes the wire format producers publish to SQS: a
// CloudEvents 1.0 JSON body with a "tenant" extension attribute, or the
// original system's {"event_type","client_id","message"} body.
package envelope

import (
	"encoding/json"
	"time"
)

// Format names the wire format an event arrived in.
type Format string

const (
	FormatCloudEvents Format = "cloudevents"
	FormatLegacy      Format = "legacy"
)

// Event is an event whose envelope was decoded. Once validated against its
// tenant's registry it is ready to be stored.
type Event struct {
	ID            string
	Tenant        string
	Producer      string
	Type          string
	SchemaVersion string
	Time          time.Time
	Format        Format
	// Data is the event payload, the document validated by the JSON Schema.
	Data json.RawMessage
}
