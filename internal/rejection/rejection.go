// Package rejection defines the permanent failures of the pipeline: the
// errors that send a message to the poison queue instead of being retried.
//
// Every error that is not a *rejection.Error is transient: it is retried with
// backoff and then Nacked, so SQS redelivers the message later.
package rejection

import (
	"errors"
	"fmt"
	"strings"
)

// Class names the kind of a permanent failure. It is stored with each poison
// record and used as a metrics label, so its values are stable.
type Class string

// The classes of permanent failures, in the order validation checks them.
const (
	ClassEnvelope       Class = "envelope_invalid"
	ClassTenantUnknown  Class = "tenant_unknown"
	ClassTenantInactive Class = "tenant_inactive"
	ClassProducer       Class = "producer_not_allowed"
	// ClassUnauthenticated: the event does not prove it comes from the
	// producer it names (signature, SenderId); checked before the event
	// type and the schema.
	ClassUnauthenticated Class = "producer_unauthenticated"
	ClassEventType       Class = "event_type_unknown"
	ClassSchemaVersion   Class = "schema_version_unknown"
	ClassSchema          Class = "schema_violation"
	ClassConflict        Class = "event_id_conflict"
	ClassPanic           Class = "handler_panic"
)

// Classes lists every class, for metrics initialisation and filters.
var Classes = []Class{
	ClassEnvelope, ClassTenantUnknown, ClassTenantInactive, ClassProducer,
	ClassUnauthenticated, ClassEventType, ClassSchemaVersion, ClassSchema, ClassConflict, ClassPanic,
}

// Violation is one error reported by the JSON Schema validator (or by the
// envelope decoder) at a JSON Pointer path of the document.
type Violation struct {
	Path    string `json:"path"`
	Message string `json:"message"`
}

// Error is a permanent failure: the message can never succeed as it is.
// It carries what is known of the event when it failed.
type Error struct {
	Class         Class
	Tenant        string
	Producer      string
	EventType     string
	SchemaVersion string
	EventID       string
	Violations    []Violation
	Err           error
}

func (e *Error) Error() string {
	var b strings.Builder
	b.WriteString(string(e.Class))
	for _, kv := range [][2]string{
		{"tenant", e.Tenant}, {"producer", e.Producer}, {"event_type", e.EventType},
		{"schema_version", e.SchemaVersion}, {"event_id", e.EventID},
	} {
		if kv[1] != "" {
			fmt.Fprintf(&b, " %s=%q", kv[0], kv[1])
		}
	}
	if e.Err != nil {
		b.WriteString(": ")
		b.WriteString(e.Err.Error())
	}
	for _, v := range e.Violations {
		fmt.Fprintf(&b, "; at %q: %s", v.Path, v.Message)
	}
	return b.String()
}

func (e *Error) Unwrap() error { return e.Err }

// As returns the permanent failure in err's chain, if there is one.
func As(err error) (*Error, bool) {
	var rejected *Error
	ok := errors.As(err, &rejected)
	return rejected, ok
}

// IsPermanent reports whether err must not be retried.
func IsPermanent(err error) bool {
	_, ok := As(err)
	return ok
}
