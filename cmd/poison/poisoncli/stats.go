package poisoncli

import (
	"context"
	"fmt"
	"text/tabwriter"

	"github.com/eventmesh/processor/internal/poisonadmin"
)

func (c *cli) stats(ctx context.Context, args []string) error {
	filters := c.filterFlags("all")
	ids, err := c.parse(args)
	if err != nil {
		return err
	}
	filter, err := filters.filter(c.cfg.Now(), ids)
	stats := func(admin *poisonadmin.Admin) ([]poisonadmin.StatsRow, error) { return admin.Stats(ctx, filter) }
	return act(ctx, c, err, stats, jsonStats, c.writeStats)
}

type jsonStatsRow struct {
	Tenant    string `json:"tenant"`
	EventType string `json:"event_type"`
	Class     string `json:"class"`
	Open      int    `json:"open"`
	Replayed  int    `json:"replayed"`
	Discarded int    `json:"discarded"`
	Total     int    `json:"total"`
}

func jsonStats(rows []poisonadmin.StatsRow) any {
	out := make([]jsonStatsRow, len(rows))
	for i, r := range rows {
		out[i] = jsonStatsRow(r)
	}
	return struct {
		Groups []jsonStatsRow `json:"groups"`
	}{out}
}

func (c *cli) writeStats(rows []poisonadmin.StatsRow) error {
	w := tabwriter.NewWriter(c.cfg.Stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(w, "TENANT\tTYPE\tCLASS\tOPEN\tREPLAYED\tDISCARDED\tTOTAL")
	var sum poisonadmin.StatsRow
	for _, r := range rows {
		fmt.Fprintf(w, "%s\t%s\t%s\t%d\t%d\t%d\t%d\n", cell(r.Tenant, 24), cell(r.EventType, 24), cell(r.Class, 24),
			r.Open, r.Replayed, r.Discarded, r.Total)
		sum.Open, sum.Replayed, sum.Discarded, sum.Total = sum.Open+r.Open, sum.Replayed+r.Replayed, sum.Discarded+r.Discarded, sum.Total+r.Total
	}
	fmt.Fprintf(w, "all\t\t\t%d\t%d\t%d\t%d\n", sum.Open, sum.Replayed, sum.Discarded, sum.Total)
	return w.Flush()
}
