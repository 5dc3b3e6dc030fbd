package envelope

import "bytes"

// legacyField is the field of the original decoder's struct that a member of
// a legacy body binds to.
type legacyField int

const (
	legacyUnknown legacyField = iota
	legacyEventType
	legacyClientID
	legacyMessage
	legacyMessageID
	legacyFields // the number of fields, for arrays indexed by legacyField
)

// legacyNames are the names of the original struct's fields, in the JSON the
// original producers write: "MessageId" is a Go field without a JSON tag,
// so encoding/json names it after the field.
var legacyNames = [legacyFields][]byte{
	legacyEventType: []byte("event_type"),
	legacyClientID:  []byte("client_id"),
	legacyMessage:   []byte("message"),
	legacyMessageID: []byte("MessageId"),
}

// legacyFieldOf returns the field a key binds to as encoding/json binds it
// when it decodes into the original struct: an exact match or else a match
// under bytes.EqualFold (Unicode simple case folding, so "EVENT_TYPE",
// "messageid" and even "meſſage" with U+017F bind), the rule of
// encoding/json's decode.go (byExactName, then byFoldedName, whose foldName
// is defined as identical to bytes.EqualFold). The four names are distinct
// under folding, so at most one matches.
func legacyFieldOf(key []byte) legacyField {
	for f := legacyEventType; f < legacyFields; f++ {
		if bytes.Equal(key, legacyNames[f]) { // the common case, first
			return f
		}
	}
	for f := legacyEventType; f < legacyFields; f++ {
		if bytes.EqualFold(key, legacyNames[f]) {
			return f
		}
	}
	return legacyUnknown
}

// isLegacy reports whether some member binds to a field of the original
// struct: then the body is read in the legacy format.
func isLegacy(members []member) bool {
	for _, m := range members {
		if legacyFieldOf(m.key) != legacyUnknown {
			return true
		}
	}
	return false
}
