package envelope

import (
	"encoding/json"
	"fmt"
	"unicode/utf8"
)

// key scans an object key and returns it unescaped.
func (s *scanner) key() ([]byte, *syntaxError) {
	if s.peek() != '"' {
		return nil, s.fail("expected a string object key")
	}
	start := s.pos
	raw, escaped, err := s.str()
	if err != nil || !escaped {
		return raw, err
	}
	return unescape(s.data[start:s.pos]), nil
}

// str scans a string and returns its raw contents, between the quotes, and
// whether they hold escapes.
func (s *scanner) str() (raw []byte, escaped bool, err *syntaxError) {
	start := s.pos + 1
	for i := start; i < len(s.data); {
		switch c := s.data[i]; {
		case c == '"':
			s.pos = i + 1
			return s.data[start:i], escaped, nil
		case c == '\\':
			escaped = true
			n, err := s.escape(i)
			if err != nil {
				return nil, false, err
			}
			i += n
		case c < 0x20:
			s.pos = i
			return nil, false, s.fail("control character in string")
		case c < utf8.RuneSelf:
			i++
		default:
			r, size := utf8.DecodeRune(s.data[i:])
			if r == utf8.RuneError && size == 1 {
				s.pos = i
				return nil, false, s.fail("invalid UTF-8 in string")
			}
			i += size
		}
	}
	s.pos = len(s.data)
	return nil, false, s.fail("unterminated string")
}

// escape checks the escape sequence at i and returns its length.
func (s *scanner) escape(i int) (int, *syntaxError) {
	s.pos = i
	if i+1 >= len(s.data) {
		return 0, s.fail("unterminated escape sequence")
	}
	switch s.data[i+1] {
	case '"', '\\', '/', 'b', 'f', 'n', 'r', 't':
		return 2, nil
	case 'u':
		return s.unicodeEscape(i)
	}
	return 0, s.fail(fmt.Sprintf("invalid escape sequence \\%c", s.data[i+1]))
}

// unicodeEscape checks a \uXXXX escape, or a surrogate pair of them.
func (s *scanner) unicodeEscape(i int) (int, *syntaxError) {
	r, ok := hex4(s.data, i+2)
	switch {
	case !ok:
		return 0, s.fail("invalid \\u escape")
	case r == 0:
		return 0, s.fail("\\u0000 is not allowed")
	case r >= 0xdc00 && r < 0xe000:
		return 0, s.fail("lone low surrogate in \\u escape")
	case r < 0xd800 || r >= 0xe000:
		return 6, nil
	}
	if i+7 >= len(s.data) || s.data[i+6] != '\\' || s.data[i+7] != 'u' {
		return 0, s.fail("lone high surrogate in \\u escape")
	}
	if low, ok := hex4(s.data, i+8); !ok || low < 0xdc00 || low >= 0xe000 {
		return 0, s.fail("high surrogate not followed by a low surrogate")
	}
	return 12, nil
}

func hex4(data []byte, at int) (rune, bool) {
	if at+4 > len(data) {
		return 0, false
	}
	var r rune
	for _, c := range data[at : at+4] {
		switch {
		case isDigit(c):
			r = r<<4 | rune(c-'0')
		case c >= 'a' && c <= 'f':
			r = r<<4 | rune(c-'a'+10)
		case c >= 'A' && c <= 'F':
			r = r<<4 | rune(c-'A'+10)
		default:
			return 0, false
		}
	}
	return r, true
}

// number scans -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)? within
// MaxNumberLength and MaxExponent.
func (s *scanner) number() *syntaxError {
	start := s.pos
	if s.peek() == '-' {
		s.pos++
	}
	if s.peek() == '0' {
		s.pos++
	} else if s.digits() == 0 {
		return s.fail("invalid number")
	}
	if s.peek() == '.' {
		s.pos++
		if s.digits() == 0 {
			return s.fail("invalid number: no digits after the decimal point")
		}
	}
	if err := s.exponent(); err != nil {
		return err
	}
	if s.pos-start > MaxNumberLength {
		return s.fail(fmt.Sprintf("number longer than %d bytes", MaxNumberLength))
	}
	return nil
}

func (s *scanner) exponent() *syntaxError {
	if c := s.peek(); c != 'e' && c != 'E' {
		return nil
	}
	s.pos++
	if c := s.peek(); c == '+' || c == '-' {
		s.pos++
	}
	start := s.pos
	if s.digits() == 0 {
		return s.fail("invalid number: no digits in the exponent")
	}
	exp := 0
	for _, c := range s.data[start:s.pos] {
		if exp = exp*10 + int(c-'0'); exp > MaxExponent {
			return s.fail(fmt.Sprintf("number exponent beyond ±%d", MaxExponent))
		}
	}
	return nil
}

func (s *scanner) digits() int {
	start := s.pos
	for s.pos < len(s.data) && isDigit(s.data[s.pos]) {
		s.pos++
	}
	return s.pos - start
}

// unescape decodes a quoted JSON string the scanner has already checked.
func unescape(quoted []byte) []byte {
	var v string
	if err := json.Unmarshal(quoted, &v); err != nil {
		panic(fmt.Sprintf("envelope: unescape of a checked string failed: %v", err))
	}
	return []byte(v)
}
