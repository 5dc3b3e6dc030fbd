package envelope

// Limits of the envelope. A body beyond any of them is rejected with
// rejection.ClassEnvelope before anything else reads it.
const (
	// MaxBodySize is the largest body decoded, in bytes: the SQS maximum
	// message size (1 MiB).
	MaxBodySize = 1 << 20
	// MaxDepth is the deepest nesting of objects and arrays in a body,
	// counting the envelope object itself, so data may nest MaxDepth-1 levels.
	MaxDepth = 32
	// MaxIDLength is the longest event id, in bytes.
	MaxIDLength = 128
	// MaxNameLength is the longest tenant id, producer (source) and event
	// type, in bytes. Tenant ids are further bound by ValidTenantID.
	MaxNameLength = 64
	// MaxNumberLength is the longest number literal anywhere in a body, in
	// bytes; MaxExponent bounds the absolute value of its exponent. Together
	// they keep arbitrary-precision arithmetic in the validator cheap.
	MaxNumberLength = 64
	MaxExponent     = 400

	maxAttributeLength = 512 // time, datacontenttype, dataschema, subject, extension values
)

// ValidTenantID reports whether s matches ^[a-z0-9][a-z0-9_-]{0,62}$, the
// only tenant ids accepted anywhere: they become part of table names.
func ValidTenantID(s string) bool {
	if len(s) == 0 || len(s) > 63 || !isLowerAlnum(s[0]) {
		return false
	}
	for i := 1; i < len(s); i++ {
		if c := s[i]; !isLowerAlnum(c) && c != '-' && c != '_' {
			return false
		}
	}
	return true
}

// ValidName reports whether s matches ^[a-z0-9][a-z0-9._-]{0,63}$, the
// pattern of producer ids and event types in the registry.
func ValidName(s string) bool {
	if len(s) == 0 || len(s) > MaxNameLength || !isLowerAlnum(s[0]) {
		return false
	}
	for i := 1; i < len(s); i++ {
		if c := s[i]; !isLowerAlnum(c) && c != '-' && c != '_' && c != '.' {
			return false
		}
	}
	return true
}

// ValidSchemaVersion reports whether s matches ^v[1-9][0-9]{0,5}$ ("v1",
// "v2", ...), the pattern of schema versions.
func ValidSchemaVersion(s string) bool {
	if len(s) < 2 || len(s) > 7 || s[0] != 'v' || s[1] == '0' {
		return false
	}
	for i := 1; i < len(s); i++ {
		if !isDigit(s[i]) {
			return false
		}
	}
	return true
}

// visibleASCII reports whether s is 1..max bytes of printable ASCII without
// spaces: the rule for the source and type attributes, whose exact values the
// registry then looks up.
func visibleASCII(s string, max int) bool {
	if len(s) == 0 || len(s) > max {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < 0x21 || s[i] > 0x7e {
			return false
		}
	}
	return true
}

func isLowerAlnum(c byte) bool { return (c >= 'a' && c <= 'z') || isDigit(c) }

func isDigit(c byte) bool { return c >= '0' && c <= '9' }
