package processor_test

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/eventmesh/processor/internal/groupcommit"
	"github.com/eventmesh/processor/internal/processor"
	"github.com/eventmesh/processor/internal/sqsqueue"
)

// Validate reports every bad field at once, each naming its field, among
// them the subscriber fields the processor sets itself.
func TestNew_reports_every_bad_field_at_once(t *testing.T) {
	t.Parallel()
	_, err := processor.New(t.Context(), processor.Config{
		MaxReceiveCount: 1,
		CloseTimeout:    time.Second,
		Store:           groupcommit.Config{Writers: 100},
		Subscriber: sqsqueue.SubscriberConfig{
			CloseTimeout: time.Second,
			ReceiveGate:  func(context.Context) error { return nil },
			MaxInFlight:  100_001,
			MaxReceivers: 101,
		},
	})
	for _, want := range []string{
		"processor: DatabaseURL is required",
		"processor: AWS.Credentials is required",
		"processor: MaxReceiveCount must be in [2, 1000], got 1",
		"processor: CloseTimeout must be in [2s, 1h], got 1s",
		"processor: Subscriber.CloseTimeout is CloseTimeout less the shutdown reserve",
		"processor: Subscriber.ReceiveGate is the processor's store gate",
		"processor: Store: groupcommit: Writers must be in [1, 64], got 100",
		"processor: Subscriber: MaxReceivers must be in [1, 100], got 101",
		"MaxInFlight must be in [1, 100000], got 100001",
	} {
		require.ErrorContains(t, err, want)
	}
}
