// Package metrics holds the processor's own Prometheus metrics: events
// accepted, rejected (by reason class) and duplicated, labelled by tenant and
// event type; retries; the poison backlog; and the end-to-end latency from
// the SQS sent timestamp to the Postgres commit. Watermill's router metrics
// are added next to them by components/metrics.
package metrics

import (
	"time"

	"github.com/ThreeDotsLabs/watermill/message"
	"github.com/prometheus/client_golang/prometheus"

	"github.com/eventmesh/processor/internal/envelope"
	"github.com/eventmesh/processor/internal/poison"
	"github.com/eventmesh/processor/internal/store"
)

const namespace = "event_processor"

// Unknown replaces a tenant or event type label that is not in the registry:
// producers must not be able to create label values (and time series) at will.
const Unknown = "unknown"

// KnownFunc maps a tenant and event type to the label values to use: the
// values themselves when the registry knows them, Unknown otherwise.
type KnownFunc func(tenant, eventType string) (string, string)

// Metrics records the processor's outcomes. Its methods fit the hooks of the
// store handler, the poison queue and the retry middleware.
type Metrics struct {
	known      KnownFunc
	accepted   *prometheus.CounterVec
	duplicates *prometheus.CounterVec
	rejected   *prometheus.CounterVec
	retries    prometheus.Counter
	latency    prometheus.Histogram
}

// latencyBuckets are fine below 100 ms, where a latency objective such as
// "p99 under 50 ms" is decided, and coarse beyond.
var latencyBuckets = []float64{
	.001, .0025, .005, .0075, .01, .015, .02, .025, .03, .04, .05, .06, .075, .1,
	.15, .2, .3, .5, .75, 1, 2.5, 5, 10, 30, 60, 300,
}

// New registers the metrics in reg.
func New(reg prometheus.Registerer, known KnownFunc) *Metrics {
	m := &Metrics{
		known: known,
		accepted: counterVec("events_accepted_total",
			"Events validated and committed to their tenant's table.", "tenant", "event_type"),
		duplicates: counterVec("events_duplicate_total",
			"Events already stored (redeliveries, re-sends); acknowledged without a second row.", "tenant", "event_type"),
		rejected: counterVec("events_rejected_total",
			"Messages recorded in the poison queue, by reason class.", "reason_class", "tenant", "event_type"),
		retries: prometheus.NewCounter(prometheus.CounterOpts{Namespace: namespace, Name: "retries_total",
			Help: "Retries of transient failures (Postgres unreachable, timeouts)."}),
		latency: prometheus.NewHistogram(prometheus.HistogramOpts{Namespace: namespace, Name: "end_to_end_latency_seconds",
			Help:    "Time from the SQS sent timestamp to the Postgres commit of the event.",
			Buckets: latencyBuckets}),
	}
	reg.MustRegister(m.accepted, m.duplicates, m.rejected, m.retries, m.latency)
	return m
}

func counterVec(name, help string, labels ...string) *prometheus.CounterVec {
	return prometheus.NewCounterVec(prometheus.CounterOpts{Namespace: namespace, Name: name, Help: help}, labels)
}

// EventSaved counts a stored or duplicate event and, for a newly stored one,
// observes its latency.
func (m *Metrics) EventSaved(ev *envelope.Event, outcome store.Outcome, d store.Delivery) {
	tenant, eventType := m.known(ev.Tenant, ev.Type)
	switch outcome {
	case store.Stored:
		m.accepted.WithLabelValues(tenant, eventType).Inc()
		if !d.SentAt.IsZero() {
			m.latency.Observe(time.Since(d.SentAt).Seconds())
		}
	case store.Duplicate:
		m.duplicates.WithLabelValues(tenant, eventType).Inc()
	}
}

// Poisoned counts a message recorded in the poison queue.
func (m *Metrics) Poisoned(_ *message.Message, r *poison.Rejected) {
	tenant, eventType := m.known(r.Reason.Tenant, r.Reason.EventType)
	m.rejected.WithLabelValues(string(r.Reason.Class), tenant, eventType).Inc()
}

// Retried counts a retry of a transient failure.
func (m *Metrics) Retried(*message.Message, int, error) {
	m.retries.Inc()
}
