package metrics

import (
	"github.com/prometheus/client_golang/prometheus"

	"github.com/eventmesh/processor/internal/sqsqueue"
)

// subscriberCounters are the SQS subscriber's counters, as Prometheus
// counters named event_processor_sqs_<name>_total.
var subscriberCounters = []struct {
	name, help string
	value      func(sqsqueue.Stats) int64
}{
	{"receive_calls", "ReceiveMessage calls, failed ones included.", func(s sqsqueue.Stats) int64 { return s.ReceiveCalls }},
	{"receive_errors", "Failed ReceiveMessage calls.", func(s sqsqueue.Stats) int64 { return s.ReceiveErrors }},
	{"messages_received", "Messages received, duplicates included.", func(s sqsqueue.Stats) int64 { return s.Received }},
	{"messages_duplicated", "Received copies of a message already in flight (not handed out again).", func(s sqsqueue.Stats) int64 { return s.Duplicates }},
	{"delete_batch_calls", "DeleteMessageBatch calls, retries included.", func(s sqsqueue.Stats) int64 { return s.DeleteBatchCalls }},
	{"messages_deleted", "Messages deleted: acknowledged after their commit.", func(s sqsqueue.Stats) int64 { return s.Deleted }},
	{"visibility_batch_calls", "ChangeMessageVisibilityBatch calls, retries included.", func(s sqsqueue.Stats) int64 { return s.VisibilityBatchCalls }},
	{"messages_nacked", "Messages nacked after transient failures (redelivered by SQS).", func(s sqsqueue.Stats) int64 { return s.Nacked }},
	{"visibility_extensions", "Visibility extensions of slow messages.", func(s sqsqueue.Stats) int64 { return s.Extended }},
	{"messages_returned", "Messages handed back to SQS unprocessed at shutdown.", func(s sqsqueue.Stats) int64 { return s.Returned }},
	{"batch_entries_failed", "Delete or visibility entries given up after their retries.", func(s sqsqueue.Stats) int64 { return s.Failed }},
}

// subscriberGauges are the SQS subscriber's gauges, named
// event_processor_sqs_<name>.
var subscriberGauges = []struct {
	name, help string
	value      func(sqsqueue.Stats) int64
}{
	{"in_flight_limit", "The in-flight limit, sized by Little's law: 256 for processing + 2 × the highest settle rate × the lowest ReceiveMessage latency of the last 10 s, at most SQS_MAX_IN_FLIGHT.", func(s sqsqueue.Stats) int64 { return s.InFlightLimit }},
	{"in_flight_limit_peak", "The highest in-flight limit so far; SQS_MAX_IN_FLIGHT when the memory bound was reached.", func(s sqsqueue.Stats) int64 { return s.InFlightLimitPeak }},
}

// RegisterSubscriber registers the SQS subscriber's counters and gauges, read from
// stats at each scrape. They replace Watermill's subscriber decorator, whose
// goroutine and label map per message cost 3% of the processor's CPU in the
// benchmark for one counter of acked and nacked messages.
func RegisterSubscriber(reg prometheus.Registerer, stats func() sqsqueue.Stats) {
	reg.MustRegister(subscriberCollector{stats: stats})
}

type subscriberCollector struct {
	stats func() sqsqueue.Stats
}

func desc(name, help string) *prometheus.Desc {
	return prometheus.NewDesc(prometheus.BuildFQName(namespace, "sqs", name+"_total"), help, nil, nil)
}

func gaugeDesc(name, help string) *prometheus.Desc {
	return prometheus.NewDesc(prometheus.BuildFQName(namespace, "sqs", name), help, nil, nil)
}

func (c subscriberCollector) Describe(ch chan<- *prometheus.Desc) {
	for _, sc := range subscriberCounters {
		ch <- desc(sc.name, sc.help)
	}
	for _, sg := range subscriberGauges {
		ch <- gaugeDesc(sg.name, sg.help)
	}
}

func (c subscriberCollector) Collect(ch chan<- prometheus.Metric) {
	s := c.stats()
	for _, sc := range subscriberCounters {
		ch <- prometheus.MustNewConstMetric(desc(sc.name, sc.help), prometheus.CounterValue, float64(sc.value(s)))
	}
	for _, sg := range subscriberGauges {
		ch <- prometheus.MustNewConstMetric(gaugeDesc(sg.name, sg.help), prometheus.GaugeValue, float64(sg.value(s)))
	}
}
