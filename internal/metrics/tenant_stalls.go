package metrics

import (
	"github.com/prometheus/client_golang/prometheus"

	"github.com/eventmesh/processor/internal/store"
)

// tenantStalls exports store.EventStore.TenantStalls: per tenant, the times
// it was set aside, whether it is now, and its failed writes. Only tenants
// of the registry reach the store, so the tenant label is bounded.
type tenantStalls struct {
	stalls                 func() []store.TenantStall
	total, stalled, failed *prometheus.Desc
}

// RegisterTenantStalls registers event_processor_store_tenant_stalls_total,
// event_processor_store_tenant_stalled and
// event_processor_store_tenant_failed_writes_total, labelled by tenant,
// read from stalls at each scrape.
func RegisterTenantStalls(reg prometheus.Registerer, stalls func() []store.TenantStall) {
	name := func(n string) string { return prometheus.BuildFQName(namespace, "store", n) }
	reg.MustRegister(&tenantStalls{
		stalls: stalls,
		total: prometheus.NewDesc(name("tenant_stalls_total"),
			"Times a tenant was set aside because a write to its table waited longer than the lock timeout.", []string{"tenant"}, nil),
		stalled: prometheus.NewDesc(name("tenant_stalled"),
			"1 while the tenant is set aside (its events fail at once and are retried), else 0.", []string{"tenant"}, nil),
		failed: prometheus.NewDesc(name("tenant_failed_writes_total"),
			"Events of the tenant that failed transiently in the store (set aside, lock timeout, other errors of its table); they are retried.", []string{"tenant"}, nil),
	})
}

func (c *tenantStalls) Describe(ch chan<- *prometheus.Desc) {
	ch <- c.total
	ch <- c.stalled
	ch <- c.failed
}

func (c *tenantStalls) Collect(ch chan<- prometheus.Metric) {
	for _, s := range c.stalls() {
		stalled := 0.0
		if s.Stalled {
			stalled = 1
		}
		ch <- prometheus.MustNewConstMetric(c.total, prometheus.CounterValue, float64(s.Stalls), s.Tenant)
		ch <- prometheus.MustNewConstMetric(c.stalled, prometheus.GaugeValue, stalled, s.Tenant)
		ch <- prometheus.MustNewConstMetric(c.failed, prometheus.CounterValue, float64(s.FailedWrites), s.Tenant)
	}
}
