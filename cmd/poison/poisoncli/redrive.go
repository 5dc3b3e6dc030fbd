package poisoncli

import (
	"context"
	"errors"
	"fmt"

	"github.com/aws/aws-sdk-go-v2/service/sqs"

	"github.com/eventmesh/processor/internal/deadletter"
	"github.com/eventmesh/processor/internal/exitcode"
	"github.com/eventmesh/processor/internal/poisonadmin"
)

// dlqRedrive moves messages from the dead-letter queue back to the queue
// (deadletter.Redrive); Postgres is not involved.
func (c *cli) dlqRedrive(ctx context.Context, args []string) error {
	opts := deadletter.Options{}
	c.flags.StringVar(&opts.Queue, "queue", c.cfg.QueueName, "")
	c.flags.StringVar(&opts.DeadLetterQueue, "dlq", "", "")
	c.flags.BoolVar(&opts.DryRun, "dry-run", false, "")
	c.flags.IntVar(&opts.Max, "max", 0, "")
	c.flags.Float64Var(&opts.Rate, "rate", deadletter.DefaultRate, "")
	positional, err := c.parse(args)
	if err != nil {
		return err
	}
	var bad flagErrors
	bad.check(len(positional) == 0, "dlq-redrive takes no ids, got %q", positional)
	bad.check(opts.Queue != "", "--queue must not be empty")
	bad.check(opts.Max >= 0, "--max must be >= 0 (0 for no limit), got %d", opts.Max)
	bad.check(opts.Rate > 0 && opts.Rate <= deadletter.MaxRate, "--rate must be in (0, %g] messages per second, got %g", deadletter.MaxRate, opts.Rate)
	if err := bad.err(); err != nil {
		return err
	}
	report, err := deadletter.Redrive(ctx, sqs.NewFromConfig(c.cfg.AWS), opts)
	var missing *deadletter.QueueNotFoundError
	if errors.As(err, &missing) {
		return &poisonadmin.NotFoundError{What: "queue", Name: missing.Name}
	}
	if errors.Is(err, deadletter.ErrNoRedrivePolicy) {
		return exitcode.Usagef("%v: name its dead-letter queue with --dlq", err)
	}
	if report.Queue != "" {
		c.writeRedriveReport(report, opts.Max)
	}
	if err != nil && !report.DryRun && report.Queue != "" {
		fmt.Fprintln(c.cfg.Stderr, "poison: run the same command again to move what is left (messages moved are not moved again)")
	}
	return err
}

func (c *cli) writeRedriveReport(r deadletter.Report, limit int) {
	if c.json {
		c.writeJSON(struct { //nolint:errcheck // the command's error matters more
			DryRun          bool   `json:"dry_run"`
			Queue           string `json:"queue"`
			DeadLetterQueue string `json:"dead_letter_queue"`
			Waiting         int    `json:"waiting"`
			InFlight        int    `json:"in_flight"`
			Moved           int    `json:"moved"`
			Failed          int    `json:"failed"`
			Undeleted       int    `json:"undeleted"`
			Skipped         int    `json:"skipped"`
		}{r.DryRun, r.Queue, r.DeadLetterQueue, r.Waiting, r.InFlight, r.Moved, r.Failed, r.Undeleted, r.Skipped})
		return
	}
	fmt.Fprintf(c.cfg.Stdout, "dead-letter queue %s: %d messages waiting, %d in flight\n", safe(r.DeadLetterQueue), r.Waiting, r.InFlight)
	if r.DryRun {
		n := r.Waiting
		if limit > 0 {
			n = min(n, limit)
		}
		fmt.Fprintf(c.cfg.Stdout, "would move %d to queue %s\n", n, safe(r.Queue))
		return
	}
	fmt.Fprintf(c.cfg.Stdout, "moved %d to queue %s; %d failed (left in the dead-letter queue), %d sent but not deleted (sent again by the next run), %d skipped (from another source queue)\n",
		r.Moved, safe(r.Queue), r.Failed, r.Undeleted, r.Skipped)
}
