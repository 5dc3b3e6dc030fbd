package sender

import (
	"github.com/prometheus/client_golang/prometheus"
	"github.com/sony/gobreaker"
)

const namespace = "event_sender"

// metrics are the sender's Prometheus metrics, labelled by tenant and
// endpoint id (both from the subscription files, never from events).
type metrics struct {
	fannedOut *prometheus.CounterVec   // tenant
	conflicts *prometheus.CounterVec   // tenant
	delivered *prometheus.CounterVec   // tenant, endpoint
	failed    *prometheus.CounterVec   // tenant, endpoint: retries spent or 410
	retried   *prometheus.CounterVec   // tenant, endpoint
	attempts  *prometheus.CounterVec   // tenant, endpoint, outcome
	disabled  *prometheus.CounterVec   // tenant, endpoint
	circuit   *prometheus.GaugeVec     // tenant, endpoint: 0 closed, 1 half-open, 2 open
	backlog   *prometheus.GaugeVec     // tenant, endpoint
	latency   *prometheus.HistogramVec // tenant, endpoint
}

var latencyBuckets = []float64{.005, .01, .025, .05, .075, .1, .15, .2, .25, .3, .5, .75, 1, 2.5, 5, 10, 30, 60, 300, 3600}

func newMetrics(reg prometheus.Registerer) *metrics {
	ep := []string{"tenant", "endpoint"}
	counter := func(name, help string, labels ...string) *prometheus.CounterVec {
		return prometheus.NewCounterVec(prometheus.CounterOpts{Namespace: namespace, Name: name, Help: help}, labels)
	}
	gauge := func(name, help string) *prometheus.GaugeVec {
		return prometheus.NewGaugeVec(prometheus.GaugeOpts{Namespace: namespace, Name: name, Help: help}, ep)
	}
	m := &metrics{
		fannedOut: counter("deliveries_recorded_total", "Deliveries recorded by the fan-out (one per event and matching endpoint).", "tenant"),
		conflicts: counter("fanout_conflicts_total", "Deliveries the fan-out found recorded already: an event read again "+
			"after a subscriber stopped between a handler's insert and its ack (the unique webhook-id keeps one row).", "tenant"),
		delivered: counter("deliveries_delivered_total", "Deliveries answered with a 2xx.", ep...),
		failed:    counter("deliveries_failed_total", "Deliveries that failed for good: retries spent, or 410 Gone.", ep...),
		retried:   counter("deliveries_retried_total", "Failed attempts followed by a scheduled retry.", ep...),
		attempts:  counter("attempts_total", "Requests, by outcome.", "tenant", "endpoint", "outcome"),
		disabled:  counter("endpoints_disabled_total", "Endpoints disabled: 410 Gone, or failing for DisableAfter.", ep...),
		circuit:   gauge("circuit_state", "Circuit breaker of the endpoint in this instance: 0 closed, 1 half-open, 2 open."),
		backlog:   gauge("due_backlog", "Pending deliveries due now, refreshed every few seconds."),
		latency: prometheus.NewHistogramVec(prometheus.HistogramOpts{Namespace: namespace, Name: "commit_to_delivery_seconds",
			Help: "Time from the event's commit in its topic table to its endpoint's 2xx.", Buckets: latencyBuckets}, ep),
	}
	reg.MustRegister(m.fannedOut, m.conflicts, m.delivered, m.failed, m.retried, m.attempts, m.disabled, m.circuit, m.backlog, m.latency)
	return m
}

func (m *metrics) circuitState(key string, to gobreaker.State) {
	tenant, endpoint := splitKey(key)
	m.circuit.WithLabelValues(tenant, endpoint).Set(float64(to))
}

func splitKey(key string) (string, string) {
	for i := range len(key) {
		if key[i] == '/' {
			return key[:i], key[i+1:]
		}
	}
	return key, ""
}
