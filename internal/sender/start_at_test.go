package sender_test

import (
	"testing"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/stretchr/testify/require"

	"github.com/eventmesh/processor/internal/sender"
)

// A new consumer group with StartAt latest skips the history it finds, and
// once it has an offset, a restart resumes from it.
func TestSender_start_at_latest_skips_the_history_of_a_new_consumer_group(t *testing.T) {
	t.Parallel()
	b := setup(t)
	rc := newReceiver(t, nil)
	b.subscribe("ep", rc.URL, "")
	b.publish("history", 5)
	cfg := b.config()
	cfg.StartAt = sender.StartLatest
	stop := b.startStoppable(cfg)
	b.publish("new", 3)
	b.waitStatus("ep", "delivered", 3)
	stop()
	b.publish("while-stopped", 2)
	cfg.Registry = prometheus.NewRegistry()
	b.start(cfg) // the group has its offset now: nothing is skipped
	b.waitStatus("ep", "delivered", 5)
	require.Equal(t, 5, rc.requests())

}
