package producer

import (
	"cmp"
	"fmt"
	"io"
	"maps"
	"slices"
	"strings"
	"text/tabwriter"
	"time"
)

// WriteText writes the report for people: the totals, the expected
// database outcome, then the messages sent by tenant, event type and kind.
func (r *Report) WriteText(w io.Writer) error {
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	fmt.Fprintf(tw, "sent %d messages in %s (%.1f/s); %d retried attempts, %d refused, %d unsent\n",
		r.Sent, r.Elapsed.Round(time.Millisecond), r.PerSecond, r.Retries, r.Failed, r.Unsent)
	fmt.Fprintf(tw, "workload: -seed %d -epoch %s\n", r.Seed, r.Epoch.UTC().Format(time.RFC3339Nano))
	fmt.Fprintf(tw, "\nexpected in the database once the processor has consumed them:\n")
	fmt.Fprintf(tw, "  stored events\t%d\t%s\n", r.Expected.Stored, counts(r.Expected.StoredByTenant))
	fmt.Fprintf(tw, "  duplicates (not stored again)\t%d\t\n", r.Expected.Duplicates)
	fmt.Fprintf(tw, "  poison records\t%d\t%s\n", r.Expected.Poisoned, counts(r.Expected.PoisonedByClass))
	fmt.Fprintf(tw, "\nsent by tenant, event type and kind:\n  TENANT\tEVENT TYPE\tKIND\tCOUNT\n")
	for _, row := range r.Rows {
		fmt.Fprintf(tw, "  %s\t%s\t%s\t%d\n", orNone(row.Tenant), orNone(row.Type), row.Kind, row.Count)
	}
	return tw.Flush()
}

// counts formats a map as "key=count" pairs, largest first.
func counts[K ~string](m map[K]int) string {
	keys := slices.SortedFunc(maps.Keys(m), func(a, b K) int {
		return cmp.Or(cmp.Compare(m[b], m[a]), cmp.Compare(a, b))
	})
	parts := make([]string, len(keys))
	for i, k := range keys {
		parts[i] = fmt.Sprintf("%s=%d", k, m[k])
	}
	return strings.Join(parts, " ")
}

func orNone(s string) string {
	return cmp.Or(s, "-")
}
