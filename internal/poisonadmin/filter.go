package poisonadmin

import (
	"slices"
	"strings"
	"time"

	"github.com/eventmesh/processor/internal/rejection"
)

// Status tells what operators did about a poison record.
type Status string

const (
	// StatusOpen: nothing settled the record, or the processor poisoned it
	// again after its last replay or discard.
	StatusOpen Status = "open"
	// StatusReplayed: a replay of the record was sent (and confirmed), and
	// it was not poisoned again since.
	StatusReplayed Status = "replayed"
	// StatusDiscarded: an operator discarded the record with a reason.
	StatusDiscarded Status = "discarded"
)

// Statuses lists every status, in display order.
var Statuses = []Status{StatusOpen, StatusReplayed, StatusDiscarded}

// Filter selects poison records. Zero fields select everything; set fields
// must all match.
type Filter struct {
	// IDs are record uuids, or unique prefixes of at least MinIDPrefix
	// characters (as printed by list).
	IDs       []string
	Tenant    string
	Producer  string
	EventType string
	Class     rejection.Class
	// Since and Until bound the record's last sighting (last_seen_at):
	// Since <= last seen < Until.
	Since time.Time
	Until time.Time
	// Text is searched, case-insensitively, in the reason: the error text
	// and the violations' paths and messages.
	Text string
	// Status keeps records of that status only.
	Status Status
}

// MinIDPrefix is the shortest record id prefix accepted.
const MinIDPrefix = 4

// maxFilterValue bounds every text filter, in bytes.
const maxFilterValue = 1024

// Validate reports, as one *UsageError, every field that cannot match
// anything sensible: a bad id prefix, an unknown class or status, an empty
// time range, a text filter longer than 1024 bytes.
func (f Filter) Validate() error {
	var errs []error
	for _, id := range f.IDs {
		errs = append(errs, ValidateIDPrefix(id))
	}
	if f.Class != "" && !slices.Contains(rejection.Classes, f.Class) {
		errs = append(errs, usagef("unknown error class %q: want one of %s", f.Class, classNames()))
	}
	if f.Status != "" && !slices.Contains(Statuses, f.Status) {
		errs = append(errs, usagef("unknown status %q: want one of open, replayed, discarded", f.Status))
	}
	if !f.Since.IsZero() && !f.Until.IsZero() && !f.Since.Before(f.Until) {
		errs = append(errs, usagef("empty time range: since %s is not before until %s",
			f.Since.Format(time.RFC3339), f.Until.Format(time.RFC3339)))
	}
	return joinUsage(append(errs, f.textErrors()...)...)
}

// textErrors reports the text filters longer than maxFilterValue.
func (f Filter) textErrors() []error {
	var errs []error
	for _, v := range []struct{ name, value string }{
		{"tenant", f.Tenant}, {"producer", f.Producer}, {"event type", f.EventType}, {"text", f.Text},
	} {
		if len(v.value) > maxFilterValue {
			errs = append(errs, usagef("%s filter of %d bytes exceeds %d bytes", v.name, len(v.value), maxFilterValue))
		}
	}
	return errs
}

// selects reports whether f narrows the selection (Status aside): replay and
// discard refuse to act on every record without an explicit All.
func (f Filter) selects() bool {
	return len(f.IDs) > 0 || f.Tenant != "" || f.Producer != "" || f.EventType != "" ||
		f.Class != "" || !f.Since.IsZero() || !f.Until.IsZero() || f.Text != ""
}

// ValidateIDPrefix checks the syntax of a record id as List, Show, Replay
// and Discard take it: a record uuid or a prefix of at least MinIDPrefix
// lowercase hex digits and dashes. A bad one is a *UsageError.
func ValidateIDPrefix(id string) error {
	if len(id) < MinIDPrefix || len(id) > 36 {
		return usagef("record id %q: want a record uuid or a prefix of at least %d characters", id, MinIDPrefix)
	}
	for _, c := range id {
		if !strings.ContainsRune("0123456789abcdef-", c) {
			return usagef("record id %q: only lowercase hex digits and '-' may appear in a record uuid", id)
		}
	}
	return nil
}

func classNames() string {
	names := make([]string, len(rejection.Classes))
	for i, c := range rejection.Classes {
		names[i] = string(c)
	}
	return strings.Join(names, ", ")
}
