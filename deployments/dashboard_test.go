package deployments_test

import (
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/eventmesh/processor/deployments/grafana"
)

var update = flag.Bool("update", false, "write deployments/grafana/dashboards/eventmesh.json from dashboard.go")

func dashboardPath(t *testing.T) string {
	return filepath.Join(root(t), "deployments", "grafana", "dashboards", "eventmesh.json")
}

func TestDashboard_file_is_what_dashboard_go_generates(t *testing.T) {
	t.Parallel()
	want, err := grafana.JSON()
	require.NoError(t, err)
	if *update {
		require.NoError(t, os.WriteFile(dashboardPath(t), want, 0o644))
	}
	got, err := os.ReadFile(dashboardPath(t))
	require.NoError(t, err)
	require.Equal(t, string(want), string(got), "regenerate with: go test ./deployments/ -run TestDashboard -update")
}

func TestDashboard_queries_only_metrics_the_processor_and_the_sender_export(t *testing.T) {
	t.Parallel()
	exported := exportedMetrics(t)
	for title, exprs := range dashboardQueries(t) {
		for _, expr := range exprs {
			for _, metric := range metricNames(expr) {
				_, external := externalMetrics[metric]
				require.True(t, exported[metric] || external, "panel %q queries %s, which neither the processor nor the sender exports and which is not a documented external metric", title, metric)
			}
		}
	}
}

func TestDashboard_shows_what_operators_need(t *testing.T) {
	t.Parallel()
	queried := map[string]bool{}
	for title, exprs := range dashboardQueries(t) {
		require.NotEmpty(t, exprs, "panel %q has queries", title)
		for _, expr := range exprs {
			for _, m := range metricNames(expr) {
				queried[m] = true
			}
		}
	}
	for _, metric := range []string{
		"event_processor_events_accepted_total",                  // accepted per tenant
		"event_processor_events_rejected_total",                  // rejected per tenant and class
		"event_processor_poison_backlog",                         // poison backlog
		"event_processor_end_to_end_latency_seconds_bucket",      // p50/p99
		"event_processor_sqs_receive_calls_total",                // SQS calls per event
		"event_processor_sqs_delete_batch_calls_total",           //
		"event_processor_sqs_messages_deleted_total",             //
		"event_processor_retries_total",                          // retries
		"aws_sqs_approximate_number_of_messages_visible_maximum", // dead-letter queue depth
		"event_sender_deliveries_delivered_total",                // sender: deliveries by tenant and outcome
		"event_sender_deliveries_failed_total",                   //
		"event_sender_deliveries_retried_total",                  //
		"event_sender_due_backlog",                               // due backlog
		"event_sender_commit_to_delivery_seconds_bucket",         // commit to delivery p50/p99
		"event_sender_circuit_state",                             // open circuits
		"event_sender_endpoints_disabled_total",                  // disabled endpoints
	} {
		require.True(t, queried[metric], "the dashboard shows %s", metric)
	}
}

// dashboardQueries returns the PromQL of each panel of the committed
// dashboard by panel title, and checks each panel uses the data source
// variable (so the dashboard works with any Prometheus).
func dashboardQueries(t *testing.T) map[string][]string {
	t.Helper()
	raw, err := os.ReadFile(dashboardPath(t))
	require.NoError(t, err)
	var d struct {
		Panels []struct {
			Type       string
			Title      string
			Datasource struct{ UID string }
			Targets    []struct {
				Expr       string
				Datasource struct{ UID string }
			}
		}
		Templating struct {
			List []struct{ Name string }
		}
	}
	require.NoError(t, json.Unmarshal(raw, &d))
	var variables []string
	for _, v := range d.Templating.List {
		variables = append(variables, v.Name)
	}
	require.Contains(t, variables, "datasource")
	queries := map[string][]string{}
	for _, p := range d.Panels {
		if p.Type == "row" {
			continue
		}
		require.NotContains(t, queries, p.Title, "panel titles are unique")
		require.Equal(t, "${datasource}", p.Datasource.UID, "panel %q", p.Title)
		queries[p.Title] = []string{}
		for _, target := range p.Targets {
			require.Equal(t, "${datasource}", target.Datasource.UID, "panel %q", p.Title)
			queries[p.Title] = append(queries[p.Title], target.Expr)
		}
	}
	require.True(t, slices.ContainsFunc(d.Panels, func(p struct {
		Type       string
		Title      string
		Datasource struct{ UID string }
		Targets    []struct {
			Expr       string
			Datasource struct{ UID string }
		}
	}) bool {
		return p.Type == "stat"
	}), "a row of headline numbers")
	return queries
}
