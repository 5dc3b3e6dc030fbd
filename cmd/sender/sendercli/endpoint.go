package sendercli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/eventmesh/processor/internal/delivery"
	"github.com/eventmesh/processor/internal/exitcode"
	"github.com/eventmesh/processor/internal/subscription"
)

type endpointFlags struct {
	tenant, endpoint, reason string
}

func (f *endpointFlags) register(fs *flag.FlagSet) {
	fs.StringVar(&f.tenant, "tenant", "", "tenant id (required)")
	fs.StringVar(&f.endpoint, "endpoint", "", "endpoint id (required)")
	fs.StringVar(&f.reason, "reason", "", "why, recorded with the action")
}

func (f *endpointFlags) check(name string) error {
	if f.tenant == "" || f.endpoint == "" {
		return exitcode.Usagef("%s needs --tenant and --endpoint", name)
	}
	return nil
}

func (c *cli) enable(ctx context.Context, args []string) error {
	return c.toggle(ctx, args, "endpoint enable", delivery.Enable)
}

func (c *cli) disable(ctx context.Context, args []string) error {
	return c.toggle(ctx, args, "endpoint disable", delivery.Disable)
}

func (c *cli) toggle(ctx context.Context, args []string, name string,
	apply func(context.Context, *pgxpool.Pool, string, string, string, string) (bool, error)) error {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	var f endpointFlags
	f.register(fs)
	if _, err := parse(fs, args, 0); err != nil {
		return err
	}
	if err := f.check(name); err != nil {
		return err
	}
	changed, err := apply(ctx, c.pool, f.tenant, f.endpoint, c.cfg.Actor, f.reason)
	if err != nil {
		return err
	}
	state := map[bool]string{true: "changed", false: "unchanged (it already was)"}[changed]
	c.printf("%s %s/%s: %s; running senders see it within seconds\n", name, f.tenant, f.endpoint, state)
	return nil
}

func (c *cli) recover(ctx context.Context, args []string) error {
	fs := flag.NewFlagSet("endpoint recover", flag.ContinueOnError)
	var f endpointFlags
	f.register(fs)
	since := fs.String("since", "", "RFC 3339 time, or a duration ago (24h)")
	rate := fs.Float64("rate", delivery.DefaultRecoverRate, "events read per second")
	if _, err := parse(fs, args, 0); err != nil {
		return err
	}
	if err := f.check("endpoint recover"); err != nil {
		return err
	}
	from, err := parseSince(*since, c.cfg.Now())
	if err != nil {
		return err
	}
	if *rate <= 0 || *rate > delivery.MaxRecoverRate {
		return exitcode.Usagef("--rate %v must be in (0, %v]", *rate, delivery.MaxRecoverRate)
	}
	_, set, err := subscription.LoadSource(c.cfg.SchemaDir, c.cfg.Subscriptions)
	if err != nil {
		return err
	}
	sub, ok := set.Get(f.tenant, f.endpoint)
	if !ok {
		return fmt.Errorf("subscription %s/%s: %w", f.tenant, f.endpoint, delivery.ErrNotFound)
	}
	rep, err := delivery.Recover(ctx, c.pool, delivery.RecoverParams{Sub: sub, Since: from, Rate: *rate, Actor: c.cfg.Actor})
	if errors.Is(err, delivery.ErrAlreadyRecovered) {
		c.printf("%v: nothing to do\n", err)
		return nil
	}
	c.printf("recovery %d of %s since %s: %d deliveries recorded or made due, up to offset %d (resumed: %v)\n",
		rep.ActionID, sub.Key(), from.Format(time.RFC3339), rep.Recorded, rep.LastOffset, rep.Resumed)
	return err
}

func parseSince(s string, now time.Time) (time.Time, error) {
	if s == "" {
		return time.Time{}, exitcode.Usagef("endpoint recover needs --since")
	}
	if d, err := time.ParseDuration(s); err == nil && d > 0 {
		return now.Add(-d).UTC().Truncate(time.Second), nil
	}
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		return time.Time{}, exitcode.Usagef("--since %q: an RFC 3339 time (2026-11-30T09:00:00Z) or a duration ago (24h)", s)
	}
	return t, nil
}

func (c *cli) cleanup(ctx context.Context, args []string) error {
	fs := flag.NewFlagSet("cleanup", flag.ContinueOnError)
	retention := fs.Duration("retention", delivery.DefaultRetention, "keep finished deliveries this long")
	if _, err := parse(fs, args, 0); err != nil {
		return err
	}
	if *retention < time.Hour {
		return exitcode.Usagef("--retention %s must be at least 1h", *retention)
	}
	n, err := delivery.Cleanup(ctx, c.pool, *retention, delivery.DefaultCleanupBatch)
	c.printf("deleted %d finished deliveries older than %s\n", n, *retention)
	return err
}
