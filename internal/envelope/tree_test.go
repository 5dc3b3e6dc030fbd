package envelope_test

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/eventmesh/processor/internal/envelope"
)

func TestParseJSON_builds_what_encoding_json_builds(t *testing.T) {
	t.Parallel()
	for _, doc := range []string{
		`{"a":[1,-2.5e3,"x\"y\u00e9\ud83d\ude00",true,false,null,{}],"b":{"c":[]},"":0}`,
		`"plain"`, `12`, `true`, `false`, `null`, ` [ ] `, `{"\u0061":1}`,
	} {
		got, err := envelope.ParseJSON([]byte(doc))
		require.NoError(t, err, doc)
		require.Equal(t, stdlib(t, doc), got, doc)
	}
}

func TestParseJSON_rejects_what_Decode_rejects(t *testing.T) {
	t.Parallel()
	for doc, want := range map[string]string{
		`{"a":1,"a":2}`:               `"/a"`,
		`{"a":[1,"\u0000"]}`:          `"/a/1"`,
		`[1] 2`:                       "data after",
		``:                            "end of JSON",
		strings.Repeat("[", 40) + "]": "nesting deeper",
		`{"n":1e999}`:                 "exponent",
		"{\"s\":\"\xff\"}":            "UTF-8",
		`{"a":{"b":tru}}`:             `"/a/b"`,
	} {
		_, err := envelope.ParseJSON([]byte(doc))
		require.ErrorContains(t, err, want, doc)
	}
}

func FuzzParseJSON(f *testing.F) {
	f.Add([]byte(`{"a":[1,2.5,"x",true,null,{"b":{}}]}`))
	f.Add([]byte(`"\ud83d\ude00"`))
	f.Fuzz(func(t *testing.T, data []byte) {
		got, err := envelope.ParseJSON(data)
		if err != nil {
			return
		}
		require.Equal(t, stdlib(t, string(data)), got)
	})
}

func stdlib(t *testing.T, doc string) any {
	t.Helper()
	dec := json.NewDecoder(bytes.NewReader([]byte(doc)))
	dec.UseNumber()
	var v any
	require.NoError(t, dec.Decode(&v))
	return v
}
