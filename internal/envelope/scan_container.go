package envelope

import (
	"bytes"
	"fmt"
	"strconv"
)

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
		done, err := s.next('}')
		if err != nil {
			return err
		}
		if done {
			return s.leave(base)
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
		done, err := s.next(']')
		if err != nil {
			return err
		}
		if done {
			return s.leave(len(s.keys))
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
