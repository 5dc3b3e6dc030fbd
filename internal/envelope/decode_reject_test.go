package envelope_test

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/eventmesh/processor/internal/envelope"
	"github.com/eventmesh/processor/internal/rejection"
)

// ce is a valid CloudEvents body with replacements: each pair replaces the
// member "key":value of the base body (an empty replacement drops it).
func ce(pairs ...string) string {
	members := []string{
		`"specversion":"1.0"`, `"id":"e-1"`, `"source":"billing-api"`,
		`"type":"order-created"`, `"tenant":"acme"`, `"data":{"k":"v"}`,
	}
	for i := 0; i < len(pairs); i += 2 {
		replaced := false
		for j, m := range members {
			if strings.HasPrefix(m, `"`+pairs[i]+`":`) {
				members[j], replaced = pairs[i+1], true
			}
		}
		if !replaced {
			members = append(members, pairs[i+1])
		}
	}
	kept := members[:0]
	for _, m := range members {
		if m != "" {
			kept = append(kept, m)
		}
	}
	return "{" + strings.Join(kept, ",") + "}"
}

func TestDecode_rejects_invalid_envelopes(t *testing.T) {
	t.Parallel()
	deep := strings.Repeat("[", 100_000) + strings.Repeat("]", 100_000)
	deepPath := "/data" + strings.Repeat("/0", envelope.MaxDepth-1)
	tests := []struct {
		name     string
		body     string
		fallback string
		paths    []string
	}{
		{name: "empty body", body: "", paths: []string{""}},
		{name: "plain text", body: "bad message 42", paths: []string{""}},
		{name: "truncated JSON", body: `{"specversion":`, paths: []string{"/specversion"}},
		{name: "array", body: `[{"specversion":"1.0"}]`, paths: []string{""}},
		{name: "string", body: `"hello"`, paths: []string{""}},
		{name: "null", body: `null`, paths: []string{""}},
		{name: "byte order mark", body: "\ufeff" + ce(), paths: []string{""}},
		{name: "data after the object", body: ce() + ` {}`, paths: []string{""}},
		{name: "neither format", body: `{"foo":1}`, paths: []string{""}},
		{name: "oversize body", body: ce("data", `"data":"`+strings.Repeat("x", envelope.MaxBodySize)+`"`), paths: []string{""}},
		{name: "only specversion", body: `{"specversion":"1.0"}`, paths: []string{"/id", "/source", "/type", "/tenant", "/data"}},
		{name: "specversion 0.3", body: ce("specversion", `"specversion":"0.3"`), paths: []string{"/specversion"}},
		{name: "specversion number", body: ce("specversion", `"specversion":1.0`), paths: []string{"/specversion"}},
		{name: "missing id", body: ce("id", ""), paths: []string{"/id"}},
		{name: "empty id", body: ce("id", `"id":""`), paths: []string{"/id"}},
		{name: "null id", body: ce("id", `"id":null`), paths: []string{"/id"}},
		{name: "numeric id", body: ce("id", `"id":42`), paths: []string{"/id"}},
		{name: "oversize id", body: ce("id", `"id":"`+strings.Repeat("i", envelope.MaxIDLength+1)+`"`), paths: []string{"/id"}},
		{name: "control character in id", body: ce("id", `"id":"a\u0007b"`), paths: []string{"/id"}},
		{name: "uppercase tenant", body: ce("tenant", `"tenant":"Acme"`), paths: []string{"/tenant"}},
		{name: "tenant with trailing space", body: ce("tenant", `"tenant":"acme "`), paths: []string{"/tenant"}},
		{name: "tenant with cyrillic a", body: ce("tenant", `"tenant":"аcme"`), paths: []string{"/tenant"}},
		{name: "tenant of 64 bytes", body: ce("tenant", `"tenant":"`+strings.Repeat("t", 64)+`"`), paths: []string{"/tenant"}},
		{name: "empty tenant", body: ce("tenant", `"tenant":""`), paths: []string{"/tenant"}},
		{name: "tenant object", body: ce("tenant", `"tenant":{"id":"acme"}`), paths: []string{"/tenant"}},
		{name: "source with space", body: ce("source", `"source":"billing api"`), paths: []string{"/source"}},
		{name: "non-ASCII type", body: ce("type", `"type":"ordér"`), paths: []string{"/type"}},
		{name: "oversize type", body: ce("type", `"type":"`+strings.Repeat("t", envelope.MaxNameLength+1)+`"`), paths: []string{"/type"}},
		{name: "invalid time", body: ce("time", `"time":"yesterday"`), paths: []string{"/time"}},
		{name: "numeric time", body: ce("time", `"time":1700000000`), paths: []string{"/time"}},
		{name: "text content type", body: ce("datacontenttype", `"datacontenttype":"text/plain"`), paths: []string{"/datacontenttype"}},
		{name: "relative dataschema", body: ce("dataschema", `"dataschema":"acme/v1"`), paths: []string{"/dataschema"}},
		{name: "schemaversion without v", body: ce("schemaversion", `"schemaversion":"2"`), paths: []string{"/schemaversion"}},
		{name: "schemaversion v0", body: ce("schemaversion", `"schemaversion":"v0"`), paths: []string{"/schemaversion"}},
		{name: "dataschema contradicts schemaversion", body: ce("schemaversion", `"schemaversion":"v2"`, "dataschema", `"dataschema":"https://x.example/v1"`), paths: []string{"/dataschema"}},
		{name: "missing data", body: ce("data", ""), paths: []string{"/data"}},
		{name: "null data", body: ce("data", `"data":null`), paths: []string{"/data"}},
		{name: "binary data", body: ce("data", `"data_base64":"AAEC"`), paths: []string{"/data_base64", "/data"}},
		{name: "uppercase extension name", body: ce("Foo", `"Foo":"x"`), paths: []string{"/Foo"}},
		{name: "legacy member in cloudevents", body: ce("client_id", `"client_id":"client-1"`), paths: []string{"/client_id"}},
		{name: "extension name with slash", body: ce("a/b", `"a/b":"x"`), paths: []string{"/a~1b"}},
		{name: "object extension", body: ce("ext", `"ext":{"a":1}`), paths: []string{"/ext"}},
		{name: "duplicate id", body: ce("dup", `"id":"e-2"`), paths: []string{"/id"}},
		{name: "duplicate nested key", body: ce("data", `"data":{"a":1,"b":{"c":1,"c":2}}`), paths: []string{"/data/b/c"}},
		{name: "duplicate key by escape", body: ce("data", `"data":{"a":1,"\u0061":2}`), paths: []string{"/data/a"}},
		{name: "duplicate among many keys", body: ce("data", `"data":{`+manyKeys(100)+`,"k7":0}`), paths: []string{"/data/k7"}},
		{name: "invalid UTF-8 in data", body: ce("data", "\"data\":{\"k\":\"\xff\"}"), paths: []string{"/data/k"}},
		{name: "invalid UTF-8 in key", body: ce("data", "\"data\":{\"\xc3\x28\":1}"), paths: []string{"/data"}},
		{name: "NUL byte in string", body: ce("data", "\"data\":{\"k\":\"a\x00b\"}"), paths: []string{"/data/k"}},
		{name: "NUL byte as value", body: ce("data", "\"data\":\x00"), paths: []string{"/data"}},
		{name: "escaped NUL", body: ce("data", `"data":{"k":"a\u0000b"}`), paths: []string{"/data/k"}},
		{name: "lone high surrogate", body: ce("data", `"data":["\ud800x"]`), paths: []string{"/data/0"}},
		{name: "lone low surrogate", body: ce("data", `"data":["\udc00"]`), paths: []string{"/data/0"}},
		{name: "invalid escape", body: ce("data", `"data":"\x41"`), paths: []string{"/data"}},
		{name: "nesting beyond the limit", body: ce("data", `"data":`+deep), paths: []string{deepPath}},
		{name: "oversize number", body: ce("data", `"data":`+strings.Repeat("9", envelope.MaxNumberLength+1)), paths: []string{"/data"}},
		{name: "huge exponent", body: ce("data", `"data":{"n":1e401}`), paths: []string{"/data/n"}},
		{name: "invalid number", body: ce("data", `"data":[-]`), paths: []string{"/data/0"}},
		{name: "trailing decimal point", body: ce("data", `"data":1.`), paths: []string{"/data"}},
		{name: "invalid literal", body: ce("data", `"data":tru`), paths: []string{"/data"}},
		{name: "trailing comma", body: ce("data", `"data":[1,]`), paths: []string{"/data/1"}},
		{name: "unterminated string", body: `{"specversion":"1.0","id":"e-1`, paths: []string{"/id"}},
		{name: "legacy missing message", body: `{"event_type":"user-app","client_id":"client-1"}`, fallback: sqsID, paths: []string{"/message"}},
		{name: "legacy null message", body: `{"event_type":"user-app","client_id":"client-1","message":null}`, fallback: sqsID, paths: []string{"/message"}},
		{name: "legacy only message", body: `{"message":"x"}`, fallback: sqsID, paths: []string{"/event_type", "/client_id"}},
		{name: "legacy uppercase client", body: `{"event_type":"user-app","client_id":"Client-1","message":"x"}`, fallback: sqsID, paths: []string{"/client_id"}},
		{name: "legacy numeric event type", body: `{"event_type":7,"client_id":"client-1","message":"x"}`, fallback: sqsID, paths: []string{"/event_type"}},
		{name: "legacy without fallback id", body: `{"event_type":"user-app","client_id":"client-1","message":"x"}`, paths: []string{""}},
		{name: "legacy oversize fallback id", body: `{"event_type":"user-app","client_id":"client-1","message":"x"}`, fallback: strings.Repeat("m", envelope.MaxIDLength+1), paths: []string{""}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			ev, err := envelope.Decode([]byte(tt.body), tt.fallback)
			require.Nil(t, ev)
			rejected, ok := rejection.As(err)
			require.True(t, ok, "want a *rejection.Error, got %v", err)
			require.Equal(t, rejection.ClassEnvelope, rejected.Class)
			require.Equal(t, tt.paths, paths(rejected.Violations), "violations: %v", rejected.Violations)
			for _, v := range rejected.Violations {
				require.NotEmpty(t, v.Message)
			}
		})
	}
}

func manyKeys(n int) string {
	keys := make([]string, n)
	for i := range keys {
		keys[i] = `"k` + strings.Repeat("x", i%3) + string(rune('0'+i%10)) + string(rune('a'+i/10)) + `":0`
	}
	keys[7] = `"k7":0`
	return strings.Join(keys, ",")
}

func paths(violations []rejection.Violation) []string {
	out := make([]string, len(violations))
	for i, v := range violations {
		out[i] = v.Path
	}
	return out
}
