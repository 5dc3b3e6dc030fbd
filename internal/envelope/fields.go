package envelope

import (
	"bytes"
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/eventmesh/processor/internal/rejection"
)

// fields reads attribute values of the top-level object and collects what is
// wrong with them, so one rejection reports every bad attribute at once.
type fields struct {
	violations []rejection.Violation
}

func (f *fields) add(path, format string, args ...any) {
	f.violations = append(f.violations, rejection.Violation{Path: path, Message: fmt.Sprintf(format, args...)})
}

// str returns the member's string value, or false after recording that it is
// not a string.
func (f *fields) str(m member) (string, bool) {
	if m.value[0] != '"' {
		f.add(pointer(m.key), "must be a string, not %s", kindOf(m.value))
		return "", false
	}
	raw := m.value[1 : len(m.value)-1]
	if bytes.IndexByte(raw, '\\') < 0 {
		return string(raw), true
	}
	return string(unescape(m.value)), true
}

// id returns an event id: a CloudEvents String of 1..MaxIDLength bytes.
func (f *fields) id(m member) string {
	s, ok := f.str(m)
	if ok && !validID(s) {
		f.add(pointer(m.key), "must be 1 to %d bytes without control characters or noncharacters", MaxIDLength)
		return ""
	}
	return s
}

// name returns a producer or event type: 1..MaxNameLength bytes of visible
// ASCII. The registry then looks the exact value up.
func (f *fields) name(m member) string {
	s, ok := f.str(m)
	if ok && !visibleASCII(s, MaxNameLength) {
		f.add(pointer(m.key), "must be 1 to %d bytes of visible ASCII", MaxNameLength)
		return ""
	}
	return s
}

// tenant returns a tenant id matching ValidTenantID.
func (f *fields) tenant(m member) string {
	s, ok := f.str(m)
	if ok && !ValidTenantID(s) {
		f.add(pointer(m.key), "must match ^[a-z0-9][a-z0-9_-]{0,62}$")
		return ""
	}
	return s
}

// bounded returns a string of at most max bytes.
func (f *fields) bounded(m member, max int) (string, bool) {
	s, ok := f.str(m)
	if ok && len(s) > max {
		f.add(pointer(m.key), "must be at most %d bytes", max)
		return "", false
	}
	return s, ok
}

func (f *fields) require(present bool, key string) {
	if !present {
		f.add("/"+key, "is required")
	}
}

func validID(s string) bool {
	return len(s) <= MaxIDLength && validString(s, 1)
}

// validString reports whether s is a CloudEvents String of at least min
// bytes: valid UTF-8 without the control characters U+0000-U+001F and
// U+007F-U+009F or Unicode noncharacters (CloudEvents 1.0 "Type System";
// the scanner already refuses lone surrogates).
func validString(s string, min int) bool {
	if len(s) < min || !utf8.ValidString(s) {
		return false
	}
	return strings.IndexFunc(s, func(r rune) bool { return unicode.IsControl(r) || isNoncharacter(r) }) < 0
}

// isNoncharacter reports whether r is one of Unicode's 66 noncharacters:
// U+FDD0-U+FDEF and the last two code points of each plane.
func isNoncharacter(r rune) bool {
	return (r >= 0xFDD0 && r <= 0xFDEF) || r&0xFFFE == 0xFFFE
}

func isNull(value []byte) bool { return string(value) == "null" }

// kindOf names the JSON kind of a raw value, for messages.
func kindOf(value []byte) string {
	switch value[0] {
	case '{':
		return "an object"
	case '[':
		return "an array"
	case '"':
		return "a string"
	case 't', 'f':
		return "a boolean"
	case 'n':
		return "null"
	}
	return "a number"
}

// pointer is the JSON Pointer of a top-level member.
func pointer(key []byte) string {
	return "/" + strings.ReplaceAll(strings.ReplaceAll(string(key), "~", "~0"), "/", "~1")
}
