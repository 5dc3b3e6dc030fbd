package envelope

import (
	"encoding/json"
	"errors"
	"fmt"
)

// ParseJSON parses one JSON value, such as Event.Data, under the limits of
// Decode (UTF-8, no duplicate keys, \u0000 or lone surrogates, MaxDepth
// counted from this value, bounded numbers) into the values encoding/json
// gives with UseNumber: map[string]any, []any, json.Number, string, bool
// and nil. It is the document the JSON Schema validator reads, built in the
// same single pass that checks it.
func ParseJSON(data []byte) (any, error) {
	s := scanner{data: data, keys: make([][]byte, 0, 32)}
	s.skipSpace()
	v, err := s.tree()
	if err == nil {
		s.skipSpace()
		if s.pos != len(s.data) {
			err = s.fail("data after the JSON value")
		}
	}
	if err != nil {
		return nil, fmt.Errorf("parse JSON at %q: %w", err.pointer(), errors.New(err.message()))
	}
	return v, nil
}

func (s *scanner) tree() (any, *syntaxError) {
	start := s.pos
	switch c := s.peek(); {
	case c == '{':
		return s.objectTree()
	case c == '[':
		return s.arrayTree()
	case c == '"':
		raw, escaped, err := s.str()
		if err != nil || !escaped {
			return string(raw), err
		}
		return string(unescape(s.data[start:s.pos])), nil
	case c == '-' || isDigit(c):
		err := s.number()
		return json.Number(s.data[start:s.pos]), err
	case c == 'n':
		return nil, s.literal("null")
	}
	if err := s.value(); err != nil { // true, false, or the syntax error
		return nil, err
	}
	return s.data[start] == 't', nil
}

func (s *scanner) objectTree() (any, *syntaxError) {
	obj := map[string]any{}
	err := s.object(func(key []byte) *syntaxError {
		v, err := s.tree()
		obj[string(key)] = v
		return err
	})
	return obj, err
}

func (s *scanner) arrayTree() (any, *syntaxError) {
	arr := []any{}
	if err := s.enter(); err != nil {
		return nil, err
	}
	s.skipSpace()
	if s.peek() == ']' {
		return arr, s.leave(len(s.keys))
	}
	for i := 0; ; i++ {
		v, err := s.tree()
		if err != nil {
			return nil, err.in(fmt.Sprint(i))
		}
		arr = append(arr, v)
		done, err := s.next(']')
		if err != nil {
			return nil, err
		}
		if done {
			return arr, s.leave(len(s.keys))
		}
	}
}
