package grafana

import (
	"github.com/grafana/grafana-foundation-sdk/go/cog"
	"github.com/grafana/grafana-foundation-sdk/go/dashboard"
)

// senderPanels is the sender's row (event_sender_*, internal/sender/metrics.go).
// Every instance counts the due backlog of the whole deliveries table, so it
// is read as max per endpoint before summing; a circuit breaker is per
// instance, so an endpoint counts as open when one instance has it open.
func senderPanels() []cog.Builder[dashboard.Panel] {
	backlog := `sum(max by (tenant, endpoint) (event_sender_due_backlog{` + tenant + `}))`
	latency := func(q, by string) string {
		return `histogram_quantile(` + q + `, sum by (` + by + `) (rate(event_sender_commit_to_delivery_seconds_bucket{` + tenant + `}` + interval + `)))`
	}
	return []cog.Builder[dashboard.Panel]{
		bigNumber("Deliveries/s", "Deliveries answered with a 2xx, all tenants.", "reqps",
			`sum(rate(event_sender_deliveries_delivered_total`+interval+`))`, nil),
		bigNumber("Due backlog", "Pending deliveries due now (retries included), refreshed every few seconds.", "short",
			backlog, steps(0, "green", 1000, "orange")),
		bigNumber("Delivery p99", "Commit in the topic table to the endpoint's 2xx, last 5 minutes, retries included.", "s",
			`histogram_quantile(0.99, sum by (le) (rate(event_sender_commit_to_delivery_seconds_bucket[5m])))`, steps(0, "green", 1, "orange", 10, "red")),
		bigNumber("Open circuits", "Endpoints whose circuit breaker is open in at least one instance (requests held for 30s, then one probe).", "short",
			`count(max by (tenant, endpoint) (event_sender_circuit_state) == 2) or vector(0)`, steps(0, "green", 1, "orange")),
		bigNumber("Endpoints disabled (24h)", "Endpoints a running instance disabled in the last 24 hours (410 Gone, or failing for SENDER_DISABLE_AFTER). `sender endpoint enable` turns one back on.", "short",
			`count(max by (tenant, endpoint) (max_over_time(event_sender_endpoints_disabled_total[24h]))) or vector(0)`, steps(0, "green", 1, "red")),
		bigNumber("Failed deliveries/s", "Deliveries that failed for good: retries spent, or 410 Gone. `sender deliveries list -status failed` lists them.", "reqps",
			`sum(rate(event_sender_deliveries_failed_total`+interval+`))`, steps(0, "green", 0.001, "orange")),
		graph("Deliveries by tenant and outcome", "Delivered (2xx), retried (a failed attempt with a retry scheduled) and failed for good, per second.", "reqps", 12,
			query(`sum by (tenant) (rate(event_sender_deliveries_delivered_total{`+tenant+`}`+interval+`))`, "{{tenant}} delivered"),
			query(`sum by (tenant) (rate(event_sender_deliveries_retried_total{`+tenant+`}`+interval+`))`, "{{tenant}} retried"),
			query(`sum by (tenant) (rate(event_sender_deliveries_failed_total{`+tenant+`}`+interval+`))`, "{{tenant}} failed")),
		graph("Attempts by outcome", "Requests by outcome: delivered, rejected (another status), throttled (Retry-After), gone (410), timeout, refused, forbidden_address, error.", "reqps", 12,
			query(`sum by (tenant, outcome) (rate(event_sender_attempts_total{`+tenant+`}`+interval+`))`, "{{tenant}} {{outcome}}")),
		graph("Commit to delivery latency", "Commit in the tenant's topic table to the endpoint's 2xx, retries included.", "s", 8,
			query(latency("0.5", "le"), "p50"), query(latency("0.99", "le"), "p99")),
		graph("Delivery p99 by endpoint", "p99 commit to delivery latency of each tenant's endpoint.", "s", 8,
			query(latency("0.99", "le, tenant, endpoint"), "{{tenant}}/{{endpoint}}")),
		graph("Due backlog by endpoint", "Pending deliveries due now per endpoint; circuits open (2) or half-open (1) beside them.", "short", 8,
			query(`max by (tenant, endpoint) (event_sender_due_backlog{`+tenant+`})`, "{{tenant}}/{{endpoint}}"),
			query(`max by (tenant, endpoint) (event_sender_circuit_state{`+tenant+`}) > 0`, "{{tenant}}/{{endpoint}} circuit")),
	}
}
