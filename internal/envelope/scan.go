package envelope

import (
	"bytes"
	"fmt"
	"strings"
)

// member is one member of the top-level object: its unescaped key and its
// raw JSON value, both slices of the body.
type member struct {
	key   []byte
	value []byte
}

// syntaxError is a body that is not one well-formed JSON object within the
// limits. path holds JSON Pointer tokens, innermost first, added while the
// recursion unwinds, so the happy path never builds one.
type syntaxError struct {
	offset int
	msg    string
	path   []string
}

func (e *syntaxError) in(token string) *syntaxError {
	e.path = append(e.path, strings.ReplaceAll(strings.ReplaceAll(token, "~", "~0"), "/", "~1"))
	return e
}

func (e *syntaxError) pointer() string {
	var b strings.Builder
	for i := len(e.path) - 1; i >= 0; i-- {
		b.WriteByte('/')
		b.WriteString(e.path[i])
	}
	return b.String()
}

func (e *syntaxError) message() string {
	return fmt.Sprintf("%s (byte offset %d)", e.msg, e.offset)
}

// scanner checks in one pass that a body is well-formed JSON (RFC 8259) and
// stricter: valid UTF-8, no duplicate keys, no \u0000 or lone surrogates
// (Postgres jsonb refuses both), bounded nesting and number literals.
// Recursion is bounded by MaxDepth, so hostile input cannot exhaust the stack.
type scanner struct {
	data  []byte
	pos   int
	depth int
	keys  [][]byte // keys of the open objects, innermost last, for duplicates
}

// scanTopObject returns the members of the body's top-level object.
func scanTopObject(data []byte) ([]member, *syntaxError) {
	s := scanner{data: data, keys: make([][]byte, 0, 32)}
	s.skipSpace()
	if s.peek() != '{' {
		return nil, s.fail("body is not a JSON object")
	}
	members := make([]member, 0, 12)
	err := s.object(func(key []byte) *syntaxError {
		start := s.pos
		if err := s.value(); err != nil {
			return err
		}
		members = append(members, member{key: key, value: s.data[start:s.pos]})
		return nil
	})
	if err != nil {
		return nil, err
	}
	s.skipSpace()
	if s.pos != len(s.data) {
		return nil, s.fail("data after the top-level object")
	}
	return members, nil
}

func (s *scanner) value() *syntaxError {
	switch c := s.peek(); {
	case c == '{':
		return s.object(nil)
	case c == '[':
		return s.array()
	case c == '"':
		_, _, err := s.str()
		return err
	case c == '-' || isDigit(c):
		return s.number()
	case c == 't':
		return s.literal("true")
	case c == 'f':
		return s.literal("false")
	case c == 'n':
		return s.literal("null")
	case s.pos >= len(s.data):
		return s.fail("unexpected end of JSON")
	default:
		return s.fail(fmt.Sprintf("invalid character %q looking for a value", c))
	}
}

func (s *scanner) expect(c byte, msg string) *syntaxError {
	s.skipSpace()
	if s.peek() != c {
		return s.fail(msg)
	}
	s.pos++
	return nil
}

func (s *scanner) literal(word string) *syntaxError {
	if !bytes.HasPrefix(s.data[s.pos:], []byte(word)) {
		return s.fail(fmt.Sprintf("invalid literal, expected %s", word))
	}
	s.pos += len(word)
	return nil
}

// peek returns the current byte, or 0 at the end of the data (0 is never
// valid there in JSON, so it falls through to an error).
func (s *scanner) peek() byte {
	if s.pos < len(s.data) {
		return s.data[s.pos]
	}
	return 0
}

func (s *scanner) skipSpace() {
	for s.pos < len(s.data) {
		switch s.data[s.pos] {
		case ' ', '\t', '\n', '\r':
			s.pos++
		default:
			return
		}
	}
}

func (s *scanner) fail(msg string) *syntaxError {
	return &syntaxError{offset: s.pos, msg: msg}
}
