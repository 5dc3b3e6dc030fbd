package metrics_test

import (
	"testing"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/stretchr/testify/require"

	"github.com/eventmesh/processor/internal/metrics"
	"github.com/eventmesh/processor/internal/sqsqueue"
)

func TestRegisterSubscriber_reads_the_counters_at_each_scrape(t *testing.T) {
	t.Parallel()
	reg := prometheus.NewRegistry()
	stats := sqsqueue.Stats{ReceiveCalls: 3, Received: 25, Deleted: 20, Nacked: 2, InFlightLimit: 300, InFlightLimitPeak: 512}
	metrics.RegisterSubscriber(reg, func() sqsqueue.Stats { return stats })

	families, err := reg.Gather()
	require.NoError(t, err)
	require.Len(t, families, 13)
	values := map[string]float64{}
	for _, f := range families {
		values[f.GetName()] = f.GetMetric()[0].GetCounter().GetValue() + f.GetMetric()[0].GetGauge().GetValue()
	}
	require.Equal(t, 300.0, values["event_processor_sqs_in_flight_limit"])
	require.Equal(t, 512.0, values["event_processor_sqs_in_flight_limit_peak"])
	require.Equal(t, 3.0, values["event_processor_sqs_receive_calls_total"])
	require.Equal(t, 20.0, values["event_processor_sqs_messages_deleted_total"])
	require.Equal(t, 2.0, values["event_processor_sqs_messages_nacked_total"])

	stats.Deleted = 25
	families, err = reg.Gather()
	require.NoError(t, err)
	for _, f := range families {
		if f.GetName() == "event_processor_sqs_messages_deleted_total" {
			require.Equal(t, 25.0, f.GetMetric()[0].GetCounter().GetValue())
		}
	}
}
