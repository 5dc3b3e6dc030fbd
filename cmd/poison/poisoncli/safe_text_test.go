package poisoncli

import (
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/require"
)

func TestSafe_escapes_everything_a_terminal_acts_on(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, in, want string
	}{
		{"plain", "acme-shop", "acme-shop"},
		{"unicode letters stay", "café ünïcödé 日本", "café ünïcödé 日本"},
		{"escape sequence", "\x1b[31mred\x1b[0m", `\u001b[31mred\u001b[0m`},
		{"osc title", "\x1b]0;pwned\x07", `\u001b]0;pwned\u0007`},
		{"nul and del", "a\x00b\x7f", `a\u0000b\u007f`},
		{"c1 csi", "a\u009b31m", `a\u009b31m`},
		{"bidi override", "abc\u202edcba", `abc\u202edcba`},
		{"zero width", "a\u200bb", `a\u200bb`},
		{"newline and tab", "a\nb\tc", `a\nb\tc`},
		{"carriage return", "ok\rFAKE", `ok\u000dFAKE`},
		{"invalid utf-8", "a\xffb", `a\xffb`},
		{"backslash", `a\u001b`, `a\\u001b`},
	}
	for _, tt := range tests {
		require.Equal(t, tt.want, safe(tt.in), tt.name)
	}
}

func TestRenderBody_prints_binary_as_hex_and_text_quoted(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name     string
		body     string
		kind     bodyKind
		contains string
	}{
		{"json", `{"a":"\u001b","b":1}`, bodyJSON, `"a": "\\u001b"`},
		{"json with raw c1", "{\"a\":\"\u009b\"}", bodyJSON, `"a": "\u009b"`},
		{"text", "this is not json", bodyText, `"this is not json"`},
		{"nul", "bin\x00ary", bodyBinary, "62 69 6e 00 61 72 79"},
		{"escape", "\x1b[2J", bodyBinary, "1b 5b 32 4a"},
		{"not utf-8", "\xff\xfe", bodyBinary, "ff fe"},
	}
	for _, tt := range tests {
		kind, out := renderBody([]byte(tt.body))
		require.Equal(t, tt.kind, kind, tt.name)
		require.Contains(t, out, tt.contains, tt.name)
		require.NotContains(t, out, "\x1b", tt.name)
		require.NotContains(t, out, "\u009b", tt.name)
	}
}

func TestSafeJSON_escapes_raw_controls_and_stays_valid(t *testing.T) {
	t.Parallel()
	in := map[string]string{"s": "a\u009bb\u202ec\x7fd😀"}
	encoded, err := json.Marshal(in)
	require.NoError(t, err)
	out := safeJSON(encoded)
	require.NotContains(t, string(out), "\u009b")
	require.NotContains(t, string(out), "\u202e")
	require.NotContains(t, string(out), "\x7f")
	var back map[string]string
	require.NoError(t, json.Unmarshal(out, &back))
	require.Equal(t, in, back)
}
