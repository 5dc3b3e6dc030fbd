package producer

import (
	"encoding/json"

	"github.com/eventmesh/processor/internal/fixtures"
)

// FixtureSamples gives the samples of internal/fixtures, which cover every
// event type and version of the shipped registry (schemas/).
func FixtureSamples(tenant, eventType, version string) (valid, invalid []json.RawMessage) {
	s, ok := fixtures.Lookup(tenant, eventType, version)
	if !ok {
		return nil, nil
	}
	for _, inv := range s.Invalid {
		invalid = append(invalid, inv.Data)
	}
	return s.Valid, invalid
}
