package sqsqueue

import (
	"testing"

	"github.com/stretchr/testify/require"
)

func TestTextValue_replaces_NUL_and_invalid_UTF8(t *testing.T) {
	t.Parallel()
	require.Equal(t, "req-42 ✓", textValue("req-42 ✓"))
	require.Equal(t, "a\uFFFDb\uFFFDc", textValue("a\x00b\xffc"))
}
