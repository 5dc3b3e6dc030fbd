package envelope_test

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/eventmesh/processor/internal/envelope"
	"github.com/eventmesh/processor/internal/rejection"
)

// attributeCase is one value of one attribute, as raw JSON, and whether the
// attribute's specification allows it.
type attributeCase struct {
	attr, value string
	valid       bool
}

// Each attribute by the grammar of its specification (CloudEvents 1.0 "Type
// System" and attribute constraints, RFC 3986, RFC 2045/2046), valid and
// invalid forms; "time" has its own tables (rfc3339_test.go).
func TestDecode_attributes_follow_their_specification(t *testing.T) {
	t.Parallel()
	var tests []attributeCase
	for _, group := range [][]attributeCase{idCases, specVersionCases, sourceCases, typeCases, contentTypeCases, dataSchemaCases, subjectCases, extensionCases} {
		tests = append(tests, group...)
	}
	for _, tt := range tests {
		t.Run(tt.attr+"="+tt.value, func(t *testing.T) {
			t.Parallel()
			ev, err := envelope.Decode([]byte(ce(tt.attr, member(tt.attr, tt.value))), "")
			if tt.valid {
				require.NoError(t, err)
				require.NotNil(t, ev)
				return
			}
			requireViolations(t, err, "/"+tt.attr)
		})
	}
}

func member(attr, value string) string { return `"` + attr + `":` + value }

// requireViolations checks that err rejects an envelope at exactly these
// JSON Pointer paths.
func requireViolations(t *testing.T, err error, want ...string) {
	t.Helper()
	rejected, ok := rejection.As(err)
	require.True(t, ok, "want a *rejection.Error, got %v", err)
	require.Equal(t, rejection.ClassEnvelope, rejected.Class)
	require.Equal(t, want, paths(rejected.Violations), "violations: %v", rejected.Violations)
}

var idCases = []attributeCase{
	{"id", `"A234-1234-1234"`, true},
	{"id", `"café ☕"`, true},
	{"id", `""`, false},
	{"id", `"a\u0085b"`, false}, // C1 control character
	{"id", `"a\ufdd0b"`, false}, // noncharacter
	{"id", `"a\uffffb"`, false},
	{"id", `"\ud83f\udffe"`, false}, // U+1FFFE, a noncharacter
}

var specVersionCases = []attributeCase{
	{"specversion", `"1.0"`, true},
	{"specversion", `"1.0.2"`, false},
	{"specversion", `"1"`, false},
	{"specversion", `""`, false},
}

// sourceCases: the CloudEvents examples, then forms outside RFC 3986.
var sourceCases = []attributeCase{
	{"source", `"https://github.com/cloudevents"`, true},
	{"source", `"mailto:cncf-wg-serverless@lists.cncf.io"`, true},
	{"source", `"urn:uuid:6e8bc430-9c3a-11d9-9669-0800200c9a66"`, true},
	{"source", `"/cloudevents/spec/pull/123"`, true},
	{"source", `"/sensors/tn-1234567/alerts"`, true},
	{"source", `"1-555-123-4567"`, true},
	{"source", `"http://[2001:db8::7]:8080/c=GB?objectClass?one#frag"`, true},
	{"source", `"//example.com/path"`, true},
	{"source", `"a%2Fb"`, true},
	{"source", `""`, false},
	{"source", `"a b"`, false},
	{"source", `"a<b>"`, false},
	{"source", `"a{b}"`, false},
	{"source", `"50%"`, false},
	{"source", `"a%zz"`, false},
	{"source", `"1a:b"`, false},  // a first segment with ":" that is no scheme
	{"source", `":path"`, false}, // empty scheme
	{"source", `"a#b#c"`, false}, // "#" in a fragment
	{"source", `"http://[::1/x"`, false},
	{"source", `"http://[fe80::1%25eth0]/"`, false}, // zones are RFC 6874, not 3986
	{"source", `"http://host:80a/"`, false},
	{"source", `"http://a@b@c/"`, false},
	{"source", `"a\\b"`, false},
}

var typeCases = []attributeCase{
	{"type", `"com.github.pull_request.opened"`, true},
	{"type", `""`, false},
	{"type", `"a b"`, false},
}

var contentTypeCases = []attributeCase{
	{"datacontenttype", `"application/json"`, true},
	{"datacontenttype", `"Application/JSON"`, true},
	{"datacontenttype", `"application/json; charset=utf-8"`, true},
	{"datacontenttype", `"application/json;charset=\"utf-8\""`, true},
	{"datacontenttype", `"application/json;"`, true}, // RFC 9110 8.3.1: empty parameter
	{"datacontenttype", `"application/cloudevents+json"`, true},
	{"datacontenttype", `"text/json"`, true},   // */json declares JSON (JSON format 3.1)
	{"datacontenttype", `"text/plain"`, false}, // valid, but not JSON data
	{"datacontenttype", `"json"`, false},
	{"datacontenttype", `"foo+json"`, false},
	{"datacontenttype", `"application/"`, false},
	{"datacontenttype", `"application /json"`, false},
	{"datacontenttype", `"application/json charset=utf-8"`, false},
	{"datacontenttype", `"application/json; charset"`, false},
	{"datacontenttype", `"application/json; charset=\"utf-8"`, false},
	{"datacontenttype", `"application/json; charset=a b"`, false},
	{"datacontenttype", `"application/json/x"`, false},
}

var dataSchemaCases = []attributeCase{
	{"dataschema", `"https://schemas.example.com/acme/order-created/v2.json"`, true},
	{"dataschema", `"urn:example:schema:order-created"`, true},
	{"dataschema", `"ldap://[2001:db8::7]/c=GB?objectClass?one"`, true},
	{"dataschema", `"http://[v7.fe80::a+en1]/schema"`, true}, // IPvFuture
	{"dataschema", `"tel:+1-816-555-1212"`, true},
	{"dataschema", `"acme/v1"`, false},
	{"dataschema", `"//schemas.example.com/v1"`, false},                   // a network-path reference
	{"dataschema", `"https://schemas.example.com/s.json#/defs/a"`, false}, // absolute-URI has no fragment (4.3)
	{"dataschema", `"https://exa mple.com/v1"`, false},
	{"dataschema", `"https://example.com/%4"`, false},
	{"dataschema", `"1http://example.com/"`, false},
	{"dataschema", `""`, false},
}

var subjectCases = []attributeCase{
	{"subject", `"mynewfile.jpg"`, true},
	{"subject", `"partnerid/5/clientid/100"`, true},
	{"subject", `null`, true},
	{"subject", `""`, false},
	{"subject", `"a\u0007"`, false},
	{"subject", `"\ufffe"`, false},
	{"subject", `5`, false},
	{"subject", `"` + strings.Repeat("s", 513) + `"`, false},
}

// extensionCases: names are lower-case letters and digits; "SHOULD NOT
// exceed 20 characters" is no reason to refuse.
var extensionCases = []attributeCase{
	{"comexampleextension1", `"value"`, true},
	{"comexampleothervalue", `5`, true},
	{"averyveryverylongextensionname1", `true`, true},
	{"Foo", `"x"`, false},
	{"ext_1", `"x"`, false},
	{"ext-1", `"x"`, false},
	{"ext", `"a\u001fb"`, false},
	{"ext", `"\ufdd0"`, false},
	{"ext", `["x"]`, false},
}
