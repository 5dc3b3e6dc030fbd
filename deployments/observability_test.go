package deployments_test

import (
	"context"
	"io"
	"log/slog"
	"maps"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/ThreeDotsLabs/watermill"
	wsqs "github.com/ThreeDotsLabs/watermill-aws/sqs"
	"github.com/ThreeDotsLabs/watermill/message"
	"github.com/prometheus/client_golang/prometheus"
	dto "github.com/prometheus/client_model/go"
	"github.com/stretchr/testify/require"
	"go.yaml.in/yaml/v3"

	"github.com/eventmesh/processor/internal/fixtures"
	"github.com/eventmesh/processor/internal/poison"
	"github.com/eventmesh/processor/internal/processor"
	"github.com/eventmesh/processor/internal/sqsqueue"
	"github.com/eventmesh/processor/internal/testenv"
)

// externalMetrics are metrics the dashboard and the alerts query that the
// processor does not export, with where they come from. deployments/README.md
// must name each one.
var externalMetrics = map[string]string{
	// Prometheus's own, one per scrape target.
	"up": "Prometheus",
	// The CloudWatch exporter YACE, AWS/SQS namespace, Maximum statistic,
	// labelled dimension_QueueName: SQS queue depths, the dead-letter
	// queue's included (the processor does not export queue depths).
	"aws_sqs_approximate_number_of_messages_visible_maximum":     "YACE (CloudWatch AWS/SQS)",
	"aws_sqs_approximate_number_of_messages_not_visible_maximum": "YACE (CloudWatch AWS/SQS)",
	"aws_sqs_approximate_age_of_oldest_message_maximum":          "YACE (CloudWatch AWS/SQS)",
}

func TestAlertRules_query_only_metrics_the_processor_and_the_sender_export(t *testing.T) {
	t.Parallel()
	exported := exportedMetrics(t)
	for name, rule := range alertRules(t) {
		for _, metric := range metricNames(rule.Expr) {
			_, external := externalMetrics[metric]
			require.True(t, exported[metric] || external, "alert %s queries %s, which neither the processor nor the sender exports and which is not a documented external metric", name, metric)
		}
	}
}

func TestExternalMetrics_are_documented(t *testing.T) {
	t.Parallel()
	readme, err := os.ReadFile(filepath.Join(root(t), "deployments", "README.md"))
	require.NoError(t, err)
	for metric := range externalMetrics {
		require.Contains(t, string(readme), metric, "deployments/README.md names the external metric %s and its source", metric)
	}
}

func TestMetricNames_reads_the_metrics_of_a_PromQL_expression(t *testing.T) {
	t.Parallel()
	for expr, want := range map[string][]string{
		`max(event_processor_poison_backlog) > 0 and max(delta(event_processor_poison_backlog[30m])) > 0`:  {"event_processor_poison_backlog"},
		`histogram_quantile(0.99, sum by (le) (rate(a_bucket{job=~"x.+", le!="1"}[5m]))) > 0.25`:           {"a_bucket"},
		`(sum(rate(b_total[10m])) or vector(0)) == 0 and on () max(c{q!~".+-dlq"}) > 0`:                    {"b_total", "c"},
		`sum by (tenant, reason_class) (increase(d_total{tenant=~"$tenant"}[$__rate_interval])) offset 5m`: {"d_total"},
		`up{job=~".*processor.*"} == bool 0`: {"up"},
	} {
		require.Equal(t, want, metricNames(expr), expr)
	}
}

// alertRule is one rule of deployments/prometheus/alerts.yml.
type alertRule struct {
	Alert       string
	Expr        string
	For         string
	Labels      map[string]string
	Annotations map[string]string
}

// alertRules reads deployments/prometheus/alerts.yml by alert name.
func alertRules(t *testing.T) map[string]alertRule {
	t.Helper()
	raw, err := os.ReadFile(filepath.Join(root(t), "deployments", "prometheus", "alerts.yml"))
	require.NoError(t, err)
	var file struct {
		Groups []struct{ Rules []alertRule }
	}
	require.NoError(t, yaml.Unmarshal(raw, &file))
	rules := map[string]alertRule{}
	for _, g := range file.Groups {
		for _, r := range g.Rules {
			rules[r.Alert] = r
		}
	}
	return rules
}

var (
	promqlStrings   = regexp.MustCompile(`"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'`)
	promqlMatchers  = regexp.MustCompile(`\{[^}]*\}|\[[^\]]*\]`)
	promqlGrouping  = regexp.MustCompile(`\b(?:by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)`)
	promqlIdents    = regexp.MustCompile(`[0-9.]*[a-zA-Z_:][a-zA-Z0-9_:]*(\s*\()?`)
	promqlKeywords  = []string{"and", "or", "unless", "bool", "offset", "by", "without", "on", "ignoring", "group_left", "group_right", "inf", "nan"}
	promqlVariables = regexp.MustCompile(`\$\{?[a-zA-Z_]+\}?`)
)

// metricNames returns the metric names an expression selects, in order of
// first appearance: identifiers that are not functions, aggregations,
// keywords, label names or Grafana variables.
func metricNames(expr string) []string {
	expr = promqlStrings.ReplaceAllString(expr, `""`)
	expr = promqlMatchers.ReplaceAllString(expr, " ")
	expr = promqlGrouping.ReplaceAllString(expr, " ")
	expr = promqlVariables.ReplaceAllString(expr, " ")
	var names []string
	for _, m := range promqlIdents.FindAllStringSubmatch(expr, -1) {
		name := m[0]
		if m[1] != "" || strings.ContainsAny(name[:1], "0123456789.") || slices.Contains(promqlKeywords, strings.ToLower(name)) || slices.Contains(names, name) {
			continue // a function or aggregation call, a keyword, or seen
		}
		names = append(names, name)
	}
	return names
}

// processorMetrics returns the names of every series a running processor
// exports (histograms as their _bucket, _sum and _count series), once per
// test run: a real processor against Postgres and the SQS emulator, on a
// queue of its own, fed one valid and one invalid event so that its
// labelled counters, the latency histogram and Watermill's handler metrics
// have a series each (one event, the same event again, one invalid body).
func processorMetrics(t *testing.T) map[string]bool {
	t.Helper()
	testenv.Postgres(t)
	testenv.SQSConfig(t)
	scraped.Lock()
	defer scraped.Unlock()
	if scraped.names == nil {
		scraped.names = scrapeProcessor(t)
	}
	return scraped.names
}

// scraped holds processorMetrics' answer for the tests after the first.
var scraped struct {
	sync.Mutex
	names map[string]bool
}

func scrapeProcessor(t *testing.T) map[string]bool {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	cfg := processor.Config{
		DatabaseURL:  testenv.DatabaseURL(),
		AWS:          testenv.SQSConfig(t),
		QueueName:    testenv.UniqueName(t, "dash"),
		Subscriber:   sqsqueue.SubscriberConfig{WaitTime: time.Second},
		HTTPAddr:     "",
		CloseTimeout: 10 * time.Second,
		Logger:       slog.New(slog.NewTextHandler(io.Discard, nil)),
	}
	svc, err := processor.New(ctx, cfg)
	require.NoError(t, err)
	done := make(chan error, 1)
	go func() { done <- svc.Run(ctx) }()
	defer func() {
		cancel()
		require.NoError(t, <-done)
	}()
	<-svc.Running()

	publishOneValidAndOneInvalid(t, cfg.QueueName)
	var names map[string]bool
	deadline := time.Now().Add(3 * time.Minute)
	for {
		names = gatherNames(t, svc.Gatherer())
		if names["event_processor_events_accepted_total"] && names["event_processor_events_rejected_total"] &&
			names["event_processor_events_duplicate_total"] &&
			names["event_processor_end_to_end_latency_seconds_bucket"] &&
			names["event_processor_router_handler_execution_time_seconds_count"] {
			return names
		}
		require.True(t, time.Now().Before(deadline), "the processor did not count one accepted and one rejected event within 3 minutes: %v", slices.Sorted(maps.Keys(names)))
		time.Sleep(100 * time.Millisecond)
	}
}

func publishOneValidAndOneInvalid(t *testing.T, queue string) {
	t.Helper()
	pub, err := wsqs.NewPublisher(wsqs.PublisherConfig{AWSConfig: testenv.SQSConfig(t), DoNotCreateQueueIfNotExists: true}, watermill.NopLogger{})
	require.NoError(t, err)
	defer func() { require.NoError(t, pub.Close()) }()
	// A legacy tenant's producer needs no signature.
	sample, ok := fixtures.Lookup("client-1", "user-app", "v1")
	require.True(t, ok)
	body, err := fixtures.Body(sample.ValidEvent(0))
	require.NoError(t, err)
	// The same legacy event twice: its id is the original MessageId a
	// replay carries, so the second is a duplicate.
	id := watermill.NewUUID()
	first, again := message.NewMessage(watermill.NewUUID(), body), message.NewMessage(watermill.NewUUID(), body)
	first.Metadata.Set(poison.OriginalMessageIDKey, id)
	again.Metadata.Set(poison.OriginalMessageIDKey, id)
	require.NoError(t, pub.Publish(queue, first, message.NewMessage(watermill.NewUUID(), []byte("not an event"))))
	require.NoError(t, pub.Publish(queue, again))
}

// gatherNames returns the series names of a registry (histograms as their
// _bucket, _sum and _count series).
func gatherNames(t *testing.T, g prometheus.Gatherer) map[string]bool {
	t.Helper()
	families, err := g.Gather()
	require.NoError(t, err)
	names := map[string]bool{}
	for _, f := range families {
		names[f.GetName()] = true
		switch f.GetType() {
		case dto.MetricType_HISTOGRAM:
			for _, suffix := range []string{"_bucket", "_sum", "_count"} {
				names[f.GetName()+suffix] = true
			}
		case dto.MetricType_SUMMARY:
			names[f.GetName()+"_sum"], names[f.GetName()+"_count"] = true, true
		}
	}
	return names
}
