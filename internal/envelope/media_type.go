package envelope

import "strings"

// parseMediaType checks s by the Content-Type grammar of RFC 2045 section
// 5.1, which RFC 2046 refers to, and returns its type and subtype in lower
// case (they match case-insensitively):
//
//	media-type = type "/" subtype *( OWS ";" OWS parameter )
//	parameter  = token "=" ( token / quoted-string )
//
// with OWS as RFC 9110 section 8.3.1 allows around ";" (RFC 2045 allows
// linear white space between its tokens) and a trailing ";" tolerated.
func parseMediaType(s string) (typ, subtype string, ok bool) {
	typ, rest := cutToken(s)
	if typ == "" || !strings.HasPrefix(rest, "/") {
		return "", "", false
	}
	subtype, rest = cutToken(rest[1:])
	if subtype == "" {
		return "", "", false
	}
	for rest = trimOWS(rest); rest != ""; rest = trimOWS(rest) {
		if rest[0] != ';' {
			return "", "", false
		}
		if rest = trimOWS(rest[1:]); rest == "" {
			break
		}
		if rest, ok = cutParameter(rest); !ok {
			return "", "", false
		}
	}
	return strings.ToLower(typ), strings.ToLower(subtype), true
}

// cutParameter reads token "=" ( token / quoted-string ).
func cutParameter(s string) (string, bool) {
	name, rest := cutToken(s)
	if name == "" || !strings.HasPrefix(rest, "=") {
		return "", false
	}
	rest = rest[1:]
	if !strings.HasPrefix(rest, `"`) {
		value, after := cutToken(rest)
		return after, value != ""
	}
	for i := 1; i < len(rest); i++ {
		switch c := rest[i]; {
		case c == '"':
			return rest[i+1:], true
		case c == '\\':
			i++
		case c < 0x20 && c != '\t', c == 0x7f:
			return "", false
		}
	}
	return "", false
}

// cutToken returns the longest prefix of RFC 2045 token characters: any
// printable ASCII but space and tspecials.
func cutToken(s string) (token, rest string) {
	i := 0
	for i < len(s) && s[i] > 0x20 && s[i] < 0x7f && strings.IndexByte(`()<>@,;:\"/[]?=`, s[i]) < 0 {
		i++
	}
	return s[:i], s[i:]
}

func trimOWS(s string) string { return strings.TrimLeft(s, " \t") }
