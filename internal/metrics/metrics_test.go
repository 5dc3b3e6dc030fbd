package metrics_test

import (
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/stretchr/testify/require"

	"github.com/eventmesh/processor/internal/envelope"
	"github.com/eventmesh/processor/internal/metrics"
	"github.com/eventmesh/processor/internal/poison"
	"github.com/eventmesh/processor/internal/rejection"
	"github.com/eventmesh/processor/internal/store"
)

func onlyAcme(tenant, eventType string) (string, string) {
	if tenant != "acme-shop" {
		return metrics.Unknown, metrics.Unknown
	}
	return tenant, eventType
}

func TestMetrics_count_outcomes_with_bounded_labels(t *testing.T) {
	t.Parallel()
	reg := prometheus.NewRegistry()
	m := metrics.New(reg, onlyAcme)
	ev := &envelope.Event{Tenant: "acme-shop", Type: "order-placed"}

	m.EventSaved(ev, store.Stored, store.Delivery{SentAt: time.Now().Add(-20 * time.Millisecond)})
	m.EventSaved(ev, store.Duplicate, store.Delivery{})
	m.Poisoned(nil, &poison.Rejected{Reason: &rejection.Error{Class: rejection.ClassTenantUnknown, Tenant: "'; DROP TABLE x; --"}})
	m.Retried(nil, 1, nil)

	require.Equal(t, 1.0, counterValue(t, reg, "event_processor_events_accepted_total"))
	require.Equal(t, 1.0, counterValue(t, reg, "event_processor_events_duplicate_total"))
	require.Equal(t, 1.0, counterValue(t, reg, "event_processor_retries_total"))
	families, err := reg.Gather()
	require.NoError(t, err)
	for _, f := range families {
		if f.GetName() != "event_processor_events_rejected_total" {
			continue
		}
		labels := map[string]string{}
		for _, l := range f.GetMetric()[0].GetLabel() {
			labels[l.GetName()] = l.GetValue()
		}
		require.Equal(t, map[string]string{"reason_class": "tenant_unknown", "tenant": "unknown", "event_type": "unknown"}, labels)
	}
	for _, f := range families {
		if f.GetName() == "event_processor_end_to_end_latency_seconds" {
			require.Equal(t, uint64(1), f.GetMetric()[0].GetHistogram().GetSampleCount())
		}
	}
}

// counterValue reads a single-series counter by name.
func counterValue(t *testing.T, reg *prometheus.Registry, name string) float64 {
	t.Helper()
	families, err := reg.Gather()
	require.NoError(t, err)
	for _, f := range families {
		if f.GetName() == name {
			return f.GetMetric()[0].GetCounter().GetValue()
		}
	}
	t.Fatalf("metric %s not found", name)
	return 0
}
