package poisoncli

import (
	"context"
	"fmt"
	"io"

	"github.com/eventmesh/processor/internal/exitcode"
	"github.com/eventmesh/processor/internal/poisonadmin"
	"github.com/eventmesh/processor/internal/registry"
)

func (c *cli) replay(ctx context.Context, args []string) error {
	filters := c.filterFlags("all")
	var opts poisonadmin.ReplayOptions
	c.flags.BoolVar(&opts.All, "all", false, "")
	c.flags.BoolVar(&opts.DryRun, "dry-run", false, "")
	c.flags.BoolVar(&opts.Force, "force", false, "")
	c.flags.BoolVar(&opts.ReSign, "re-sign", false, "")
	c.flags.Float64Var(&opts.Rate, "rate", poisonadmin.DefaultReplayRate, "")
	c.flags.IntVar(&opts.Limit, "limit", 0, "")
	c.flags.StringVar(&c.cfg.QueueName, "queue", c.cfg.QueueName, "")
	c.flags.StringVar(&c.cfg.SchemaDir, "schemas-dir", c.cfg.SchemaDir, "")
	ids, err := c.parse(args)
	if err != nil {
		return err
	}
	if opts.Filter, err = c.replayOptions(filters, ids, opts); err != nil {
		return err
	}
	reg, err := loadRegistry(c.cfg.SchemaDir)
	if err != nil {
		return err
	}
	admin, done, err := c.admin(ctx, reg)
	if err != nil {
		return err
	}
	defer done()
	if !c.json {
		opts.OnResult = func(res poisonadmin.ReplayResult) { writeResult(c.cfg.Stdout, opts.DryRun, res) }
	}
	report, err := admin.Replay(ctx, opts)
	if report != nil {
		c.writeReplayReport(report)
	}
	if err != nil && report != nil && !report.DryRun {
		fmt.Fprintln(c.cfg.Stderr, "poison: the replay stopped; run the same command again to resume (records sent are not sent again)")
	}
	return err
}

// replayOptions checks every flag of a replay at once, before the schemas
// are loaded or Postgres is reached, and returns the filter.
func (c *cli) replayOptions(filters *filterFlags, ids []string, opts poisonadmin.ReplayOptions) (poisonadmin.Filter, error) {
	var bad flagErrors
	bad.check(validReplayRate(opts.Rate), "--rate must be in (0, %g] messages per second, got %g", poisonadmin.MaxReplayRate, opts.Rate)
	bad.check(opts.Limit >= 0, "--limit must be >= 0 (0 for no limit), got %d", opts.Limit)
	bad.check(c.cfg.QueueName != "", "--queue must not be empty")
	filter, err := filters.filter(c.cfg.Now(), ids)
	bad.add(err)
	if len(bad) == 0 {
		opts.Filter = filter
		bad.add(opts.Validate())
	}
	return filter, bad.err()
}

// loadRegistry loads the schemas replays validate with (registry.LoadDir:
// dir, or the embedded ones when dir is ""); a directory that does not load
// is a usage error.
func loadRegistry(dir string) (*registry.Registry, error) {
	reg, err := registry.LoadDir(dir)
	if err != nil && dir != "" {
		return nil, exitcode.Usagef("--schemas-dir (SCHEMA_DIR): %v", err)
	}
	return reg, err
}

func writeResult(w io.Writer, dryRun bool, res poisonadmin.ReplayResult) {
	action := "not sent"
	switch {
	case res.Sent && dryRun:
		action = "would send"
	case res.Sent:
		action = "sent"
	}
	detail := string(res.Verdict)
	if res.Prediction.Class != "" {
		detail += " " + string(res.Prediction.Class)
	}
	if res.Detail != "" {
		detail += ": " + clip(safe(res.Detail), 100)
	}
	fmt.Fprintf(w, "%-10s  %s  %-16s  %-24s  %s\n", action, res.RecordUUID[:8], cell(res.Tenant, 16), cell(res.EventType, 24), detail)
}

func (c *cli) writeReplayReport(r *poisonadmin.ReplayReport) {
	if c.json {
		c.writeJSON(jsonReplay(r)) //nolint:errcheck // the command's error matters more
		return
	}
	open := r.Matched - r.Settled
	sent := "sent to"
	if r.DryRun {
		sent = "would be sent to"
	}
	fmt.Fprintf(c.cfg.Stdout, "%d matched, %d already replayed or discarded; of %d open: %d pass, %d duplicate, %d fail, %d unsendable; %d %s queue %s\n",
		r.Matched, r.Settled, open, r.Verdicts[poisonadmin.VerdictPass], r.Verdicts[poisonadmin.VerdictDuplicate], r.Verdicts[poisonadmin.VerdictFail],
		r.Verdicts[poisonadmin.VerdictUnsendable], r.Sent, sent, safe(r.Queue))
}

type jsonReplayResult struct {
	ID        string              `json:"id"`
	Tenant    string              `json:"tenant"`
	EventType string              `json:"event_type"`
	EventID   string              `json:"event_id"`
	Class     string              `json:"class"`
	Verdict   poisonadmin.Verdict `json:"verdict"`
	Predicted string              `json:"predicted_class,omitempty"`
	Detail    string              `json:"detail,omitempty"`
	Sent      bool                `json:"sent"`
}

func jsonReplay(r *poisonadmin.ReplayReport) any {
	results := make([]jsonReplayResult, len(r.Results))
	for i, res := range r.Results {
		results[i] = jsonReplayResult{
			ID: res.RecordUUID, Tenant: res.Tenant, EventType: res.EventType, EventID: res.EventID,
			Class: string(res.Class), Verdict: res.Verdict, Predicted: string(res.Prediction.Class),
			Detail: res.Detail, Sent: res.Sent,
		}
	}
	return struct {
		RunID    string                      `json:"run_id"`
		DryRun   bool                        `json:"dry_run"`
		Queue    string                      `json:"queue"`
		Matched  int                         `json:"matched"`
		Settled  int                         `json:"settled"`
		Verdicts map[poisonadmin.Verdict]int `json:"verdicts"`
		Sent     int                         `json:"sent"`
		Results  []jsonReplayResult          `json:"results"`
	}{r.RunID, r.DryRun, r.Queue, r.Matched, r.Settled, r.Verdicts, r.Sent, results}
}
