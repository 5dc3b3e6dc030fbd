package poisoncli

import (
	"context"
	"fmt"

	"github.com/eventmesh/processor/internal/poisonadmin"
)

func (c *cli) discard(ctx context.Context, args []string) error {
	filters := c.filterFlags("all")
	var opts poisonadmin.DiscardOptions
	c.flags.BoolVar(&opts.All, "all", false, "")
	c.flags.BoolVar(&opts.DryRun, "dry-run", false, "")
	c.flags.StringVar(&opts.Reason, "reason", "", "")
	ids, err := c.parse(args)
	if err != nil {
		return err
	}
	var bad flagErrors
	opts.Filter, err = filters.filter(c.cfg.Now(), ids)
	bad.add(err)
	if err == nil {
		bad.add(opts.Validate()) // a selection and a --reason, before Postgres is reached
	}
	discard := func(admin *poisonadmin.Admin) (*poisonadmin.DiscardReport, error) { return admin.Discard(ctx, opts) }
	return act(ctx, c, bad.err(), discard, jsonDiscard, c.writeDiscard)
}

func jsonDiscard(report *poisonadmin.DiscardReport) any {
	return struct {
		RunID     string   `json:"run_id"`
		DryRun    bool     `json:"dry_run"`
		Matched   int      `json:"matched"`
		Settled   int      `json:"settled"`
		Discarded []string `json:"discarded"`
	}{report.RunID, report.DryRun, report.Matched, report.Settled, append([]string{}, report.Discarded...)}
}

func (c *cli) writeDiscard(report *poisonadmin.DiscardReport) error {
	verb := "discarded"
	if report.DryRun {
		verb = "would discard"
	}
	for _, id := range report.Discarded {
		fmt.Fprintf(c.cfg.Stdout, "%s  %s\n", verb, id)
	}
	_, err := fmt.Fprintf(c.cfg.Stdout, "%d matched, %d already replayed or discarded; %s %d\n",
		report.Matched, report.Settled, verb, len(report.Discarded))
	return err
}
