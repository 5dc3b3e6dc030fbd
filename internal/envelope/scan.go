package envelope

import (
	"bytes"
	"fmt"
	"strconv"
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
		err := s.value()
		members = append(members, member{key: key, value: s.data[start:s.pos]})
		return err
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

// object scans an object. member, if not nil, scans the value of each
// member instead of s.value, to record or build it.
func (s *scanner) object(member func(key []byte) *syntaxError) *syntaxError {
	if err := s.enter(); err != nil {
		return err
	}
	base := len(s.keys)
	var seen map[string]struct{}
	s.skipSpace()
	if s.peek() == '}' {
		return s.leave(base)
	}
	for {
		key, err := s.key()
		if err != nil {
			return err
		}
		if s.duplicate(key, base, &seen) {
			return s.fail("duplicate key").in(string(key))
		}
		if err := s.expect(':', "expected ':' after object key"); err != nil {
			return err
		}
		s.skipSpace()
		if err := s.memberValue(member, key); err != nil {
			return err.in(string(key))
		}
		if done, err := s.next('}'); done || err != nil {
			return cmpErr(err, s.leave(base))
		}
	}
}

func (s *scanner) memberValue(member func(key []byte) *syntaxError, key []byte) *syntaxError {
	if member == nil {
		return s.value()
	}
	return member(key)
}

func (s *scanner) array() *syntaxError {
	if err := s.enter(); err != nil {
		return err
	}
	s.skipSpace()
	if s.peek() == ']' {
		return s.leave(len(s.keys))
	}
	for i := 0; ; i++ {
		if err := s.value(); err != nil {
			return err.in(strconv.Itoa(i))
		}
		if done, err := s.next(']'); done || err != nil {
			return cmpErr(err, s.leave(len(s.keys)))
		}
	}
}

// next consumes the ',' or closing byte after a member or element.
func (s *scanner) next(closing byte) (done bool, err *syntaxError) {
	s.skipSpace()
	switch s.peek() {
	case ',':
		s.pos++
		s.skipSpace()
		return false, nil
	case closing:
		return true, nil
	}
	return false, s.fail(fmt.Sprintf("expected ',' or %q", closing))
}

func (s *scanner) enter() *syntaxError {
	s.depth++
	if s.depth > MaxDepth {
		return s.fail(fmt.Sprintf("nesting deeper than %d levels", MaxDepth))
	}
	s.pos++
	return nil
}

// leave consumes the closing byte and forgets the object's keys.
func (s *scanner) leave(base int) *syntaxError {
	s.pos++
	s.depth--
	s.keys = s.keys[:base]
	return nil
}

func cmpErr(err, otherwise *syntaxError) *syntaxError {
	if err != nil {
		return err
	}
	return otherwise
}

// duplicate records key among the current object's keys, and reports
// whether it was already there. Small objects compare linearly; from
// linearKeys keys on a map keeps huge objects linear in time.
func (s *scanner) duplicate(key []byte, base int, seen *map[string]struct{}) bool {
	const linearKeys = 16
	if *seen != nil {
		if _, ok := (*seen)[string(key)]; ok {
			return true
		}
		(*seen)[string(key)] = struct{}{}
		return false
	}
	for _, k := range s.keys[base:] {
		if bytes.Equal(k, key) {
			return true
		}
	}
	s.keys = append(s.keys, key)
	if len(s.keys)-base == linearKeys {
		*seen = make(map[string]struct{}, 2*linearKeys)
		for _, k := range s.keys[base:] {
			(*seen)[string(k)] = struct{}{}
		}
	}
	return false
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
