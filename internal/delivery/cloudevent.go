package delivery

import (
	"encoding/json"

	"github.com/eventmesh/processor/internal/store"
)

// CloudEvent returns the structured CloudEvent (JSON, CloudEvents 1.0) of a
// stored event: its attributes from the row's metadata (store.Meta*), the
// tenant extension included, and data, the stored payload, byte for byte
// (it is never decoded and re-encoded, so its numbers stay exact).
//
//	{"specversion":"1.0","id":…,"source":<producer>,"type":…,"tenant":…,
//	 "time":…,"schemaversion":…,"datacontenttype":"application/json","data":…}
//
// Attributes the metadata does not hold (time, schemaversion of legacy
// events) are left out.
func CloudEvent(meta map[string]string, data []byte) []byte {
	b := make([]byte, 0, len(data)+256)
	b = append(b, `{"specversion":"1.0"`...)
	for _, kv := range [...][2]string{
		{"id", meta[store.MetaEventID]},
		{"source", meta[store.MetaProducer]},
		{"type", meta[store.MetaEventType]},
		{"tenant", meta[store.MetaTenant]},
		{"time", meta[store.MetaEventTime]},
		{"schemaversion", meta[store.MetaSchemaVersion]},
	} {
		if kv[1] == "" {
			continue
		}
		value, _ := json.Marshal(kv[1]) // a string always marshals
		b = append(append(append(append(b, ',', '"'), kv[0]...), '"', ':'), value...)
	}
	if len(data) == 0 {
		return append(b, '}')
	}
	b = append(b, `,"datacontenttype":"application/json","data":`...)
	return append(append(b, data...), '}')
}
