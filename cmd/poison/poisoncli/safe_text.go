package poisoncli

import (
	"bytes"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"
)

// safe makes s harmless on a terminal: every byte that is not UTF-8 is
// written \xNN, every rune that is not printable (control characters such as
// ESC, which starts terminal escape sequences, C1 controls, and format
// characters such as bidirectional overrides) is written \u…, and a
// backslash is doubled, so what is printed is unambiguous.
func safe(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && size <= 1:
			fmt.Fprintf(&b, `\x%02x`, s[i])
		case r == '\\':
			b.WriteString(`\\`)
		case r == '\t':
			b.WriteString(`\t`)
		case r == '\n':
			b.WriteString(`\n`)
		case !printable(r):
			fmt.Fprintf(&b, `\u%04x`, r)
		default:
			b.WriteRune(r)
		}
		i += size
	}
	return b.String()
}

func printable(r rune) bool {
	return r == ' ' || unicode.IsPrint(r)
}

// clip shortens an already safe string to at most n runes.
func clip(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	return string([]rune(s)[:n-1]) + "…"
}

// bodyKind tells how a body is printed.
type bodyKind string

const (
	bodyJSON   bodyKind = "JSON"
	bodyText   bodyKind = "text"
	bodyBinary bodyKind = "binary"
)

// renderBody prints a body safely: JSON indented, text quoted, anything
// else (not UTF-8, or holding control characters) as a hex dump.
func renderBody(body []byte) (bodyKind, string) {
	if isBinary(body) {
		return bodyBinary, hex.Dump(body)
	}
	var indented bytes.Buffer
	if json.Valid(body) && json.Indent(&indented, body, "", "  ") == nil {
		lines := strings.Split(indented.String(), "\n")
		for i, line := range lines {
			lines[i] = safe(line)
		}
		return bodyJSON, strings.Join(lines, "\n") + "\n"
	}
	return bodyText, `"` + safe(string(body)) + `"` + "\n"
}

// isBinary: not UTF-8, or holding C0 controls (but tab, newline, carriage
// return) or DEL. Other unprintable runes are escaped by safe.
func isBinary(body []byte) bool {
	if !utf8.Valid(body) {
		return true
	}
	for _, c := range body {
		if (c < 0x20 && c != '\t' && c != '\n' && c != '\r') || c == 0x7f {
			return true
		}
	}
	return false
}

// safeJSON rewrites, in encoded JSON, every rune that json.Marshal leaves
// raw but a terminal may act on (DEL, C1 controls, format characters such
// as bidirectional overrides) as a \u escape. They only occur inside
// strings, where the escape means the same rune.
func safeJSON(encoded []byte) []byte {
	var b bytes.Buffer
	for _, r := range string(encoded) {
		if r > 0x7e && !printable(r) {
			if r > 0xffff {
				r1, r2 := utf16Pair(r)
				fmt.Fprintf(&b, `\u%04x\u%04x`, r1, r2)
				continue
			}
			fmt.Fprintf(&b, `\u%04x`, r)
			continue
		}
		b.WriteRune(r)
	}
	return b.Bytes()
}

func utf16Pair(r rune) (rune, rune) {
	r -= 0x10000
	return 0xd800 + (r>>10)&0x3ff, 0xdc00 + r&0x3ff
}
