package testbed_test

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/eventmesh/processor/internal/testbed"
)

func TestMetricSum_sums_every_label_set_of_exactly_that_metric(t *testing.T) {
	t.Parallel()
	body := []byte(`# HELP m_total A counter.
# TYPE m_total counter
m_total{tenant="a"} 2
m_total{tenant="b"} 3.5
m_total_other 100
peak 1024
`)
	for _, tc := range []struct {
		name string
		want float64
	}{
		{"m_total", 5.5},
		{`m_total{tenant="b"}`, 3.5},
		{"peak", 1024},
		{"missing", 0},
	} {
		got, err := testbed.MetricSum(body, tc.name)
		require.NoError(t, err, tc.name)
		require.Equal(t, tc.want, got, tc.name)
	}
	_, err := testbed.MetricSum([]byte("m_total x\n"), "m_total")
	require.ErrorContains(t, err, "metric m_total x")
}
