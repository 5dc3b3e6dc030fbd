package testbed

import (
	"fmt"
	"strconv"
	"strings"
)

// MetricSum sums the samples of the Prometheus metric name, every label
// set, in body, a /metrics page in the text exposition format; 0 when name
// has no sample. For an unlabelled gauge it is the gauge's value.
func MetricSum(body []byte, name string) (float64, error) {
	var sum float64
	for line := range strings.SplitSeq(string(body), "\n") {
		rest, ok := strings.CutPrefix(line, name)
		if !ok || (rest != "" && rest[0] != '{' && rest[0] != ' ') {
			continue
		}
		fields := strings.Fields(rest[strings.LastIndex(rest, "}")+1:])
		if len(fields) == 0 {
			continue
		}
		v, err := strconv.ParseFloat(fields[0], 64)
		if err != nil {
			return 0, fmt.Errorf("metric %s: %w", line, err)
		}
		sum += v
	}
	return sum, nil
}
