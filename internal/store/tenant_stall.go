package store

import (
	"fmt"
	"time"

	"github.com/eventmesh/processor/internal/pgcode"
)

// TenantStalledError is the transient error of an event whose tenant's table
// cannot be written now: a statement on it waited longer than the lock
// timeout (an operator's CREATE INDEX or LOCK, say), so the tenant is set
// aside. Its events fail at once, without reaching Postgres, until a probe
// on a session of its own can lock the table for writing again; the other
// tenants' events are written meanwhile. Retry later (the message is
// Nacked): it is never a reason for the poison queue.
type TenantStalledError struct {
	Tenant string
	Since  time.Time // when the tenant was set aside
	Err    error     // what set it aside
}

func (e *TenantStalledError) Error() string {
	return fmt.Sprintf("tenant %s set aside since %s: its table cannot be written (%v); retry later",
		e.Tenant, e.Since.UTC().Format(time.RFC3339), e.Err)
}

func (e *TenantStalledError) Unwrap() error { return e.Err }

// RetryInProcess is false: the tenant stays set aside until a probe can take
// its table's write lock, so retrying the message at once only holds its
// in-flight slot (middleware.Retry then asks SQS to deliver it later).
func (e *TenantStalledError) RetryInProcess() bool { return false }

// TenantStall is what the store knows of one tenant's write trouble, for
// metrics. Only tenants that failed at least once are listed.
type TenantStall struct {
	Tenant string
	// Stalled is true while the tenant is set aside.
	Stalled bool
	// Stalls counts the times the tenant was set aside.
	Stalls uint64
	// FailedWrites counts its events that failed transiently in the store
	// (set aside, lock timeout, any other error of its table).
	FailedWrites uint64
}

// isLockTimeout reports whether err is a statement that waited longer than
// lock_timeout.
func isLockTimeout(err error) bool {
	return pgcode.Is(err, pgcode.LockNotAvailable)
}

// tenantOf is the tenant of an events topic ("events_<tenant>").
func tenantOf(topic string) string {
	return topic[len(eventsTopic("")):]
}
