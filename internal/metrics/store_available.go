package metrics

import "github.com/prometheus/client_golang/prometheus"

// RegisterStoreAvailable registers a gauge that is 1 while Postgres answers
// and 0 while it does not (receiving paused, in-flight messages held; see
// backpressure.Gate).
func RegisterStoreAvailable(reg prometheus.Registerer, available func() bool) {
	reg.MustRegister(prometheus.NewGaugeFunc(prometheus.GaugeOpts{
		Namespace: namespace, Name: "store_available",
		Help: "1 while Postgres answers; 0 while it does not, receiving is paused and in-flight messages are held.",
	}, func() float64 {
		if available() {
			return 1
		}
		return 0
	}))
}
