package metrics

import "github.com/prometheus/client_golang/prometheus"

// RegisterUnauthenticated registers event_processor_events_unauthenticated_total
// {tenant}: messages from producers whose tenant file declares authentication
// "none" (the original system's legacy producers), counted when the
// event handler lets them through, before validation (a message
// retried after a transient failure is counted again). It returns the hook
// that counts one. Tenant values come from the registry only.
func RegisterUnauthenticated(reg prometheus.Registerer) func(tenant string) {
	c := counterVec("events_unauthenticated_total",
		"Messages let through unauthenticated: their producer is declared with authentication none.", "tenant")
	reg.MustRegister(c)
	return func(tenant string) { c.WithLabelValues(tenant).Inc() }
}
