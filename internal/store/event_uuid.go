package store

import "github.com/google/uuid"

// eventNamespace is the UUIDv5 namespace of stored events. Never change it:
// stored rows are deduplicated by the UUIDs derived from it.
var eventNamespace = uuid.MustParse("6f1c3f0e-5b0a-4d43-9c55-3c1f2b7c9a01")

// EventUUID is the Watermill UUID of tenant's event eventID: the same pair
// always gives the same UUID, which makes the store idempotent for ever.
func EventUUID(tenant, eventID string) string {
	return uuid.NewSHA1(eventNamespace, []byte(tenant+"\x00"+eventID)).String()
}
