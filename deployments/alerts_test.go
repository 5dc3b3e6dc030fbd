package deployments_test

import (
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"
)

func TestAlertRules_pass_promtool_check(t *testing.T) {
	t.Parallel()
	promtool := tool(t, promtoolPackage, promtoolVersion)
	dir := filepath.Join(root(t), "deployments", "prometheus")
	out := run(t, dir, promtool, "check", "rules", "alerts.yml")
	require.Contains(t, out, "SUCCESS")
	out = run(t, dir, promtool, "check", "config", "prometheus.yml")
	require.Contains(t, out, "SUCCESS")
}

func TestAlertRules_pass_their_promtool_unit_tests(t *testing.T) {
	t.Parallel()
	promtool := tool(t, promtoolPackage, promtoolVersion)
	dir := filepath.Join(root(t), "deployments", "prometheus")
	out := run(t, dir, promtool, "test", "rules", "alerts_test.yml")
	require.Contains(t, out, "SUCCESS")
}

func TestAlertRules_cover_what_the_issue_asks(t *testing.T) {
	t.Parallel()
	rules := alertRules(t)
	for _, name := range []string{
		"EventProcessorDeadLetterQueueNotEmpty", // dead-letter queue not empty
		"EventProcessorPoisonBacklogGrowing",    // poison backlog growing
		"EventProcessorLatencyP99High",          // p99 latency above target
		"EventProcessorStoreUnavailable",        // readiness failing (its store check)
		"EventProcessorDown",                    // readiness failing (no answer at all)
		"EventProcessorStalled",                 // nothing processed while the queue has messages
		"EventSenderEndpointFailing",            // the sender: deliveries failing for an endpoint
	} {
		require.Contains(t, rules, name)
		require.NotEmpty(t, rules[name].Labels["severity"], "%s has a severity", name)
		require.NotEmpty(t, rules[name].Annotations["summary"], "%s has a summary", name)
	}
}
