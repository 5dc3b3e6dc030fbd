package main

import (
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/eventmesh/processor/internal/envconfig"
	"github.com/eventmesh/processor/internal/sqsqueue"
)

// The SQS_* variables of the subscriber reach processor.Config.Subscriber;
// unset, they stay zero for the library's defaults (SQS_NACK_DELAY aside).
func TestConfig_subscriber_variables_reach_Config_Subscriber(t *testing.T) {
	t.Parallel()
	cfg, err := config(t.Context(), envconfig.NewFromMap(map[string]string{
		"SQS_VISIBILITY_TIMEOUT": "45s", "SQS_MAX_PROCESSING_TIME": "7m", "SQS_MAX_RECEIVERS": "3",
		"SQS_MAX_IN_FLIGHT": "50", "SQS_WAIT_TIME": "2s", "SQS_NACK_DELAY": "9s", "SQS_ACK_FLUSH_DELAY": "20ms",
	}), discardLogger())
	require.NoError(t, err)
	require.Equal(t, sqsqueue.SubscriberConfig{
		VisibilityTimeout: 45 * time.Second, MaxProcessingTime: 7 * time.Minute, MaxReceivers: 3,
		MaxInFlight: 50, WaitTime: 2 * time.Second, NackVisibilityDelay: 9 * time.Second, AckFlushDelay: 20 * time.Millisecond,
	}, cfg.Subscriber)

	cfg, err = config(t.Context(), envconfig.NewFromMap(map[string]string{}), discardLogger())
	require.NoError(t, err)
	require.Equal(t, sqsqueue.SubscriberConfig{NackVisibilityDelay: defaultNackDelay}, cfg.Subscriber)
}
