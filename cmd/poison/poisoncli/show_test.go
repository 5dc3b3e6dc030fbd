package poisoncli_test

import (
	"encoding/base64"
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/eventmesh/processor/internal/exitcode"
)

func TestCLI_show_prints_binary_bodies_and_hostile_text_safely(t *testing.T) {
	t.Parallel()
	w := setup(t)
	body := "\x00bin\x1b[31m\xff"
	r := notAnEnvelope(body)
	r.attrs = map[string]string{"origin": "\x1b]0;pwned\x07\u202e"}
	id := w.put(t, r)

	out, code := w.run(t, "show", id[:8])
	require.Equal(t, exitcode.OK, code, out)
	require.Contains(t, out, "Body (10 bytes, binary)")
	require.Contains(t, out, "00 62 69 6e 1b 5b 33 31  6d ff")
	require.Contains(t, out, `origin = \u001b]0;pwned\u0007\u202e`)
	for _, raw := range []string{"\x1b", "\x07", "\x00", "\u202e", "\xff"} {
		require.NotContains(t, out, raw)
	}

	out, code = w.run(t, "show", "--json", id)
	require.Equal(t, exitcode.OK, code, out)
	require.NotContains(t, out, "\u202e")
	var records []struct {
		Body       *string `json:"body"`
		BodyBase64 string  `json:"body_base64"`
		Attributes map[string]string
	}
	require.NoError(t, json.Unmarshal([]byte(out), &records))
	require.Len(t, records, 1)
	require.Nil(t, records[0].Body, "a body that is not UTF-8 is only given in base64")
	decoded, err := base64.StdEncoding.DecodeString(records[0].BodyBase64)
	require.NoError(t, err)
	require.Equal(t, []byte(body), decoded)
	require.Equal(t, "\x1b]0;pwned\x07\u202e", records[0].Attributes["origin"])
}
