package producer

import (
	"encoding/binary"
	"math/rand/v2"
	"regexp"

	"github.com/google/uuid"
)

// uuidString matches a JSON string holding nothing but a UUID.
var uuidString = regexp.MustCompile(`"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}"`)

// template is a valid data document that events are made from.
type template struct {
	data []byte
	// uuids is true when the data holds UUIDs that each event replaces with
	// fresh ones (an order id, a customer id), so events differ.
	uuids bool
}

func newTemplate(data []byte) template {
	return template{data: data, uuids: uuidString.Match(data)}
}

// vary returns the data with each distinct UUID replaced by one from next;
// a UUID that appears twice gets the same replacement both times.
func (t template) vary(next func() string) []byte {
	if !t.uuids {
		return t.data
	}
	seen := make(map[string][]byte, 4)
	return uuidString.ReplaceAllFunc(t.data, func(m []byte) []byte {
		if r, ok := seen[string(m)]; ok {
			return r
		}
		r := []byte(`"` + next() + `"`)
		seen[string(m)] = r
		return r
	})
}

// newUUID returns a random UUID v4 drawn from r, so a seed reproduces it.
func newUUID(r *rand.Rand) string {
	var u uuid.UUID
	binary.BigEndian.PutUint64(u[:8], r.Uint64())
	binary.BigEndian.PutUint64(u[8:], r.Uint64())
	u[6] = u[6]&0x0f | 0x40
	u[8] = u[8]&0x3f | 0x80
	return u.String()
}

// fixedUUIDs returns a generator of UUIDs that is the same on every call,
// for checks.
func fixedUUIDs() func() string {
	r := rand.New(rand.NewPCG(1, 2))
	return func() string { return newUUID(r) }
}
