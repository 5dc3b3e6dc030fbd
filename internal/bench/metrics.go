package bench

import (
	"context"
	"fmt"
	"math"
	"net/http"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/eventmesh/processor/internal/testbed"
)

// LatencyMetric is the processor's histogram of the time from the SQS sent
// timestamp to the commit of the event (observed once Save returned).
const LatencyMetric = "event_processor_end_to_end_latency_seconds"

// scrapeTimeout bounds a GET of the processor's /metrics.
const scrapeTimeout = 5 * time.Second

// Histogram is a Prometheus histogram: cumulative counts by upper bound.
type Histogram struct {
	Bounds []float64 // ascending, +Inf last
	Counts []float64
}

// ScrapeHistogram reads the histogram name from the Prometheus text at url.
func ScrapeHistogram(ctx context.Context, url, name string) (Histogram, error) {
	code, body, err := testbed.Get(ctx, url, scrapeTimeout)
	if err != nil {
		return Histogram{}, fmt.Errorf("scrape %s: %w", name, err)
	}
	if code != http.StatusOK {
		return Histogram{}, fmt.Errorf("scrape %s: status %d", url, code)
	}
	type bucket struct{ le, n float64 }
	var buckets []bucket
	prefix := name + `_bucket{le="`
	for line := range strings.Lines(string(body)) {
		rest, ok := strings.CutPrefix(line, prefix)
		if !ok {
			continue
		}
		le, count, ok := strings.Cut(rest, `"} `)
		if !ok {
			continue
		}
		bound, err1 := strconv.ParseFloat(le, 64)
		n, err2 := strconv.ParseFloat(strings.TrimSpace(count), 64)
		if err1 != nil || err2 != nil {
			return Histogram{}, fmt.Errorf("scrape %s: bad bucket line %q", url, line)
		}
		buckets = append(buckets, bucket{bound, n})
	}
	if len(buckets) == 0 {
		return Histogram{}, fmt.Errorf("scrape %s: no histogram %s", url, name)
	}
	sort.Slice(buckets, func(i, j int) bool { return buckets[i].le < buckets[j].le })
	var h Histogram
	for _, b := range buckets {
		h.Bounds, h.Counts = append(h.Bounds, b.le), append(h.Counts, b.n)
	}
	return h, nil
}

// Sub returns the observations of h that were not yet in before.
func (h Histogram) Sub(before Histogram) Histogram {
	out := Histogram{Bounds: h.Bounds, Counts: make([]float64, len(h.Counts))}
	for i := range h.Counts {
		out.Counts[i] = h.Counts[i]
		if i < len(before.Counts) {
			out.Counts[i] -= before.Counts[i]
		}
	}
	return out
}

// Count is the number of observations.
func (h Histogram) Count() float64 {
	if len(h.Counts) == 0 {
		return 0
	}
	return h.Counts[len(h.Counts)-1]
}

// Quantile estimates the q-quantile as Prometheus' histogram_quantile does:
// linear interpolation within the bucket that holds it.
func (h Histogram) Quantile(q float64) float64 {
	total := h.Count()
	if total == 0 {
		return math.NaN()
	}
	rank := q * total
	lower, below := 0.0, 0.0
	for i, bound := range h.Bounds {
		if h.Counts[i] >= rank {
			if math.IsInf(bound, 1) {
				return lower
			}
			inBucket := h.Counts[i] - below
			if inBucket == 0 {
				return bound
			}
			return lower + (bound-lower)*(rank-below)/inBucket
		}
		lower, below = bound, h.Counts[i]
	}
	return lower
}

// FractionBelow is the share of observations at most bound, exact when
// bound is a bucket boundary.
func (h Histogram) FractionBelow(bound float64) float64 {
	total := h.Count()
	if total == 0 {
		return math.NaN()
	}
	for i, b := range h.Bounds {
		if b >= bound {
			return h.Counts[i] / total
		}
	}
	return 1
}
