package producer

import (
	"fmt"

	"github.com/eventmesh/processor/internal/rejection"
)

// Kind names what a generated message is, and so what the processor must do
// with it. Its values are stable: they appear in flags, reports and the
// "workload_kind" metadata of every message.
type Kind string

// Kinds of messages that are stored (or absorbed as duplicates).
const (
	// KindValid is a valid CloudEvents event: stored once.
	KindValid Kind = "valid"
	// KindLegacy is a valid event in the original system's format, whose id
	// is the SQS MessageId: every send is stored.
	KindLegacy Kind = "legacy"
	// KindDuplicate is an exact copy of an event already sent: not stored again.
	KindDuplicate Kind = "duplicate"
)

// Kinds of invalid messages, each poisoned with its rejection class.
const (
	KindBadEnvelope          Kind = "bad_envelope"
	KindPlainText            Kind = "plain_text"
	KindUnknownTenant        Kind = "unknown_tenant"
	KindSuspendedTenant      Kind = "suspended_tenant"
	KindProducerNotAllowed   Kind = "producer_not_allowed"
	KindUnknownType          Kind = "unknown_type"
	KindUnknownSchemaVersion Kind = "unknown_schema_version"
	KindSchemaViolation      Kind = "schema_violation"
	// KindConflict reuses the id of an event already sent with other data.
	KindConflict Kind = "conflicting_duplicate"
	// KindForgedSignature is a valid event of a signing producer of one
	// tenant, signed with the key of a producer of another tenant.
	KindForgedSignature Kind = "forged_signature"
	// KindUnsigned is a valid event of a signing producer, sent without its
	// signature.
	KindUnsigned Kind = "unsigned"
)

// InvalidKinds lists the invalid kinds in the fixed order draws use.
var InvalidKinds = []Kind{
	KindBadEnvelope, KindPlainText, KindUnknownTenant, KindSuspendedTenant,
	KindProducerNotAllowed, KindUnknownType, KindUnknownSchemaVersion,
	KindSchemaViolation, KindConflict, KindForgedSignature, KindUnsigned,
}

var invalidClasses = map[Kind]rejection.Class{
	KindBadEnvelope:          rejection.ClassEnvelope,
	KindPlainText:            rejection.ClassEnvelope,
	KindUnknownTenant:        rejection.ClassTenantUnknown,
	KindSuspendedTenant:      rejection.ClassTenantInactive,
	KindProducerNotAllowed:   rejection.ClassProducer,
	KindUnknownType:          rejection.ClassEventType,
	KindUnknownSchemaVersion: rejection.ClassSchemaVersion,
	KindSchemaViolation:      rejection.ClassSchema,
	KindConflict:             rejection.ClassConflict,
	KindForgedSignature:      rejection.ClassUnauthenticated,
	KindUnsigned:             rejection.ClassUnauthenticated,
}

// Class is the rejection class the processor poisons the kind with, or ""
// for the kinds that are stored or absorbed.
func (k Kind) Class() rejection.Class {
	return invalidClasses[k]
}

// Invalid reports whether messages of the kind are poisoned.
func (k Kind) Invalid() bool {
	return k.Class() != ""
}

// ParseKind returns the invalid kind named s.
func ParseKind(s string) (Kind, error) {
	if k := Kind(s); k.Invalid() {
		return k, nil
	}
	return "", fmt.Errorf("unknown invalid kind %q (want one of %v)", s, InvalidKinds)
}
