package grafana

import (
	"github.com/grafana/grafana-foundation-sdk/go/cog"
	"github.com/grafana/grafana-foundation-sdk/go/common"
	"github.com/grafana/grafana-foundation-sdk/go/dashboard"
	"github.com/grafana/grafana-foundation-sdk/go/prometheus"
	"github.com/grafana/grafana-foundation-sdk/go/stat"
	"github.com/grafana/grafana-foundation-sdk/go/timeseries"
)

// Selectors shared by the queries.
const (
	tenant    = `tenant=~"$tenant"`
	mainQueue = `dimension_QueueName!~".+-dlq"`
	deadQueue = `dimension_QueueName=~".+-dlq"`
	interval  = `[$__rate_interval]`
)

// headline is the row a person reads at a glance: big numbers, coloured
// when they need someone.
func headline() []cog.Builder[dashboard.Panel] {
	return []cog.Builder[dashboard.Panel]{
		bigNumber("Accepted events/s", "Events validated and committed, all tenants.", "reqps",
			`sum(rate(event_processor_events_accepted_total`+interval+`))`, nil),
		bigNumber("Rejected events/s", "Messages recorded in the poison queue.", "reqps",
			`sum(rate(event_processor_events_rejected_total`+interval+`))`, steps(0, "green", 0.01, "orange")),
		bigNumber("Poison backlog", "Poison records neither replayed nor discarded (-1: cannot be counted). `poison stats` lists them.", "short",
			`max(event_processor_poison_backlog)`, steps(0, "green", 1, "orange")),
		bigNumber("Dead-letter queue", "Messages in the dead-letter queue (CloudWatch through YACE; no data without it).", "short",
			`max(aws_sqs_approximate_number_of_messages_visible_maximum{`+deadQueue+`})`, steps(0, "green", 1, "red")),
		bigNumber("p99 latency", "SQS sent timestamp to Postgres commit, last 5 minutes. Alert above 250 ms.", "s",
			`histogram_quantile(0.99, sum by (le) (rate(event_processor_end_to_end_latency_seconds_bucket[5m])))`, steps(0, "green", 0.1, "orange", 0.25, "red")),
		bigNumber("Store available", "Instances whose Postgres answers, of those scraped. Below: receiving paused, messages held.", "short",
			`sum(event_processor_store_available)`, nil),
	}
}

func throughput() []cog.Builder[dashboard.Panel] {
	return []cog.Builder[dashboard.Panel]{
		graph("Accepted by tenant", "Events committed to each tenant's table, per second.", "reqps", 12,
			query(`sum by (tenant) (rate(event_processor_events_accepted_total{`+tenant+`}`+interval+`))`, "{{tenant}}")),
		graph("Rejected by tenant and class", "Messages sent to the poison queue, by reason class (tenant `unknown`: not in the registry).", "reqps", 12,
			query(`sum by (tenant, reason_class) (rate(event_processor_events_rejected_total{`+tenant+`}`+interval+`))`, "{{tenant}} {{reason_class}}")),
		graph("Duplicates by tenant", "Events already stored (redeliveries, re-sends), acknowledged without a second row.", "reqps", 12,
			query(`sum by (tenant) (rate(event_processor_events_duplicate_total{`+tenant+`}`+interval+`))`, "{{tenant}}")),
		graph("Poison backlog over time", "Poison records awaiting an operator. Alert when it grows for 30 minutes.", "short", 12,
			query(`max(event_processor_poison_backlog)`, "backlog")),
	}
}

func latency() []cog.Builder[dashboard.Panel] {
	e2e := func(q string) string {
		return `histogram_quantile(` + q + `, sum by (le) (rate(event_processor_end_to_end_latency_seconds_bucket` + interval + `)))`
	}
	handler := func(q string) string {
		return `histogram_quantile(` + q + `, sum by (le) (rate(event_processor_router_handler_execution_time_seconds_bucket` + interval + `)))`
	}
	return []cog.Builder[dashboard.Panel]{
		graph("End-to-end latency", "SQS sent timestamp to Postgres commit of stored events.", "s", 12,
			query(e2e("0.5"), "p50"), query(e2e("0.99"), "p99")),
		graph("Handler time", "Time in the router's handler chain (validation, store), Watermill's histogram.", "s", 12,
			query(handler("0.5"), "p50"), query(handler("0.99"), "p99")),
	}
}

func sqsPanels() []cog.Builder[dashboard.Panel] {
	calls := `(sum(rate(event_processor_sqs_receive_calls_total` + interval + `)) + sum(rate(event_processor_sqs_delete_batch_calls_total` + interval + `)) + sum(rate(event_processor_sqs_visibility_batch_calls_total` + interval + `)))`
	return []cog.Builder[dashboard.Panel]{
		graph("SQS requests per event", "Receive, delete and visibility calls over messages deleted (stored or poisoned). Measured 0.200 in the benchmark; the bill follows it.", "short", 8,
			query(calls+` / sum(rate(event_processor_sqs_messages_deleted_total`+interval+`))`, "requests/event")),
		graph("Retries and redeliveries", "Retries of transient failures, nacked messages (SQS redelivers them), failed receives and batch entries.", "ops", 8,
			query(`sum(rate(event_processor_retries_total`+interval+`))`, "retries"),
			query(`sum(rate(event_processor_sqs_messages_nacked_total`+interval+`))`, "nacked"),
			query(`sum(rate(event_processor_sqs_receive_errors_total`+interval+`))`, "receive errors"),
			query(`sum(rate(event_processor_sqs_batch_entries_failed_total`+interval+`))`, "batch entries failed")),
		graph("Queue depth", "Visible and in-flight messages of the queue and the dead-letter queue (CloudWatch through YACE).", "short", 8,
			query(`max by (dimension_QueueName) (aws_sqs_approximate_number_of_messages_visible_maximum{`+mainQueue+`})`, "{{dimension_QueueName}} visible"),
			query(`max by (dimension_QueueName) (aws_sqs_approximate_number_of_messages_not_visible_maximum{`+mainQueue+`})`, "{{dimension_QueueName}} in flight"),
			query(`max by (dimension_QueueName) (aws_sqs_approximate_number_of_messages_visible_maximum{`+deadQueue+`})`, "{{dimension_QueueName}}")),
	}
}

func processes() []cog.Builder[dashboard.Panel] {
	return []cog.Builder[dashboard.Panel]{
		graph("CPU µs per event", "Processor CPU over messages deleted: 147 µs in the benchmark, the figure docs/capacity.md sizes instances with.", "µs", 8,
			query(`1e6 * sum(rate(process_cpu_seconds_total{job=~".*processor.*"}`+interval+`)) / sum(rate(event_processor_sqs_messages_deleted_total`+interval+`))`, "µs/event")),
		graph("Events per instance", "Messages deleted per second by each instance (one instance: about 3,000/s with real SQS latency).", "reqps", 8,
			query(`sum by (instance) (rate(event_processor_sqs_messages_deleted_total`+interval+`))`, "{{instance}}")),
		graph("Memory", "Resident memory of each instance (peak 60 MB in the benchmark).", "bytes", 8,
			query(`process_resident_memory_bytes{job=~".*processor.*"}`, "{{instance}}")),
	}
}

func query(expr, legend string) *prometheus.DataqueryBuilder {
	return prometheus.NewDataqueryBuilder().Expr(expr).LegendFormat(legend).Datasource(datasource())
}

func graph(title, description, unit string, width uint32, queries ...*prometheus.DataqueryBuilder) *timeseries.PanelBuilder {
	p := timeseries.NewPanelBuilder().
		Title(title).Description(description).Unit(unit).
		Datasource(datasource()).Height(8).Span(width).Min(0).
		FillOpacity(10).LineWidth(1).
		Legend(common.NewVizLegendOptionsBuilder().DisplayMode(common.LegendDisplayModeList).Placement(common.LegendPlacementBottom).ShowLegend(true))
	for _, q := range queries {
		p.WithTarget(q)
	}
	return p
}

func bigNumber(title, description, unit, expr string, thresholds *dashboard.ThresholdsConfigBuilder) *stat.PanelBuilder {
	p := stat.NewPanelBuilder().
		Title(title).Description(description).Unit(unit).
		Datasource(datasource()).Height(5).Span(4).
		GraphMode(common.BigValueGraphModeArea).
		ColorMode(common.BigValueColorModeBackground).
		ReduceOptions(common.NewReduceDataOptionsBuilder().Calcs([]string{"lastNotNull"})).
		WithTarget(query(expr, title))
	if thresholds != nil {
		p.Thresholds(thresholds)
	}
	return p
}

// steps are absolute thresholds from value/colour pairs; the first value is
// the base (from minus infinity).
func steps(pairs ...any) *dashboard.ThresholdsConfigBuilder {
	var out []dashboard.Threshold
	for i := 0; i+1 < len(pairs); i += 2 {
		t := dashboard.Threshold{Color: pairs[i+1].(string)}
		if i > 0 {
			v := toFloat(pairs[i])
			t.Value = &v
		}
		out = append(out, t)
	}
	return dashboard.NewThresholdsConfigBuilder().Mode(dashboard.ThresholdsModeAbsolute).Steps(out)
}

func toFloat(v any) float64 {
	switch n := v.(type) {
	case int:
		return float64(n)
	case float64:
		return n
	}
	panic("steps: a threshold value must be an int or a float64")
}
