package envelope

import (
	"net/netip"
	"strings"
)

// URI grammar of RFC 3986. A URI-reference (section 4.1) is a URI (section 3)
// or a relative reference (section 4.2); an absolute-URI (section 4.3) is a
// URI without a fragment. Section 4.2: a relative reference whose first
// segment has a ":" would read as a scheme, so it is not one.

// validURIReference reports whether s is an RFC 3986 URI-reference.
func validURIReference(s string) bool {
	rest, _, ok := splitScheme(s)
	if !ok {
		return false
	}
	rest, fragment, _ := strings.Cut(rest, "#")
	return validURIParts(rest) && allURIChars(fragment, "/?:@")
}

// validAbsoluteURI reports whether s is an RFC 3986 absolute-URI: a scheme,
// and no fragment.
func validAbsoluteURI(s string) bool {
	rest, scheme, ok := splitScheme(s)
	return ok && scheme && !strings.Contains(rest, "#") && validURIParts(rest)
}

// splitScheme returns what follows the scheme, if s has one, and false when
// the text before the first ":" (before any "/?#") is not a scheme:
// ALPHA *( ALPHA / DIGIT / "+" / "-" / "." ).
func splitScheme(s string) (rest string, hasScheme, ok bool) {
	colon := strings.IndexByte(s, ':')
	if colon < 0 || strings.ContainsAny(s[:colon], "/?#") {
		return s, false, true
	}
	for i := 0; i < colon; i++ {
		c := s[i]
		if !isAlpha(c) && (i == 0 || !isDigit(c) && c != '+' && c != '-' && c != '.') {
			return "", false, false
		}
	}
	return s[colon+1:], true, colon > 0
}

// validURIParts checks hier-part or relative-part, then [ "?" query ].
func validURIParts(s string) bool {
	s, query, _ := strings.Cut(s, "?")
	if !allURIChars(query, "/?:@") {
		return false
	}
	if after, ok := strings.CutPrefix(s, "//"); ok {
		authority, path, _ := strings.Cut(after, "/")
		return validAuthority(authority) && allURIChars(path, "/:@")
	}
	return allURIChars(s, "/:@")
}

// validAuthority checks [ userinfo "@" ] host [ ":" port ].
func validAuthority(s string) bool {
	if at := strings.LastIndexByte(s, '@'); at >= 0 {
		if !allURIChars(s[:at], ":") {
			return false
		}
		s = s[at+1:]
	}
	host, port := s, ""
	if strings.HasPrefix(s, "[") {
		end := strings.IndexByte(s, ']')
		if end < 0 || !validIPLiteral(s[1:end]) {
			return false
		}
		host, port = "", s[end+1:]
		if port != "" && port[0] != ':' {
			return false
		}
	} else if colon := strings.IndexByte(s, ':'); colon >= 0 {
		host, port = s[:colon], s[colon:]
	}
	return allURIChars(host, "") && (port == "" || digitsOnly(port[1:]))
}

// validIPLiteral checks IPv6address / IPvFuture, without a zone (RFC 6874
// zones are not part of RFC 3986).
func validIPLiteral(s string) bool {
	if len(s) > 1 && (s[0] == 'v' || s[0] == 'V') {
		version, rest, ok := strings.Cut(s[1:], ".")
		return ok && version != "" && strings.Trim(version, "0123456789abcdefABCDEF") == "" &&
			rest != "" && !strings.Contains(rest, "%") && allURIChars(rest, ":")
	}
	addr, err := netip.ParseAddr(s)
	return err == nil && addr.Is6() && addr.Zone() == ""
}

// allURIChars reports whether s is made of unreserved characters,
// sub-delims, percent-encoded octets and the bytes of extra.
func allURIChars(s, extra string) bool {
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case isAlpha(c), isDigit(c), strings.IndexByte("-._~!$&'()*+,;=", c) >= 0:
		case c == '%':
			if i+2 >= len(s) || !isHex(s[i+1]) || !isHex(s[i+2]) {
				return false
			}
			i += 2
		case strings.IndexByte(extra, c) < 0:
			return false
		}
	}
	return true
}

func digitsOnly(s string) bool {
	_, ok := digits(s)
	return ok
}

func isAlpha(c byte) bool { return (c|0x20) >= 'a' && (c|0x20) <= 'z' }

func isHex(c byte) bool { return isDigit(c) || ((c|0x20) >= 'a' && (c|0x20) <= 'f') }
