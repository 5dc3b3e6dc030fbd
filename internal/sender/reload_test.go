package sender_test

import (
	"testing"

	"github.com/stretchr/testify/require"
)

// A subscription added to the files reaches events stored after a reload
// (SIGHUP); one set to enabled: false gets none after it.
func TestSender_reload_applies_new_and_disabled_subscriptions(t *testing.T) {
	t.Parallel()
	b := setup(t)
	first, second := newReceiver(t, nil), newReceiver(t, nil)
	b.subscribe("first", first.URL, "")
	b.start(b.config())
	b.publish("before", 4)
	b.waitStatus("first", "delivered", 4)

	b.subscribe("second", second.URL, "")
	b.subscribe("first", first.URL, `,"enabled":false`)
	require.NoError(t, b.reload())
	b.publish("after", 3)
	b.waitStatus("second", "delivered", 3)
	require.Equal(t, 4, b.statuses()["first:delivered"])
	require.Equal(t, 4, first.requests())
}
