package sendercli

import (
	"context"
	"flag"
	"fmt"
	"strings"
	"time"

	"github.com/eventmesh/processor/internal/delivery"
	"github.com/eventmesh/processor/internal/exitcode"
)

func (c *cli) list(ctx context.Context, args []string) error {
	fs := flag.NewFlagSet("deliveries list", flag.ContinueOnError)
	var f delivery.ListFilter
	var status string
	fs.StringVar(&f.Tenant, "tenant", "", "tenant id")
	fs.StringVar(&f.EndpointID, "endpoint", "", "endpoint id")
	fs.StringVar(&status, "status", "", "pending, delivered, failed or skipped")
	fs.IntVar(&f.Limit, "limit", delivery.DefaultListLimit, "most rows, newest first")
	if _, err := parse(fs, args, 0); err != nil {
		return err
	}
	switch delivery.Status(status) {
	case "", delivery.StatusPending, delivery.StatusDelivered, delivery.StatusFailed, delivery.StatusSkipped:
		f.Status = delivery.Status(status)
	default:
		return exitcode.Usagef("--status %q: pending, delivered, failed or skipped", status)
	}
	if f.Limit < 1 || f.Limit > delivery.MaxListLimit {
		return exitcode.Usagef("--limit %d must be in [1, %d]", f.Limit, delivery.MaxListLimit)
	}
	list, err := delivery.List(ctx, c.pool, f)
	if err != nil {
		return err
	}
	c.printf("%-8s %-42s %-12s %-16s %-9s %8s %6s  %s\n", "ID", "WEBHOOK-ID", "TENANT", "ENDPOINT", "STATUS", "ATTEMPTS", "LAST", "EVENT")
	for _, d := range list {
		c.printf("%-8d %-42s %-12s %-16s %-9s %8d %6s  %s %s\n", d.ID, d.WebhookID, d.Tenant, d.EndpointID, d.Status,
			d.Attempts, intOr(d.LastStatus, "-"), d.EventType, d.EventID)
	}
	return nil
}

func (c *cli) show(ctx context.Context, args []string) error {
	rest, err := parse(flag.NewFlagSet("deliveries show", flag.ContinueOnError), args, 1)
	if err != nil {
		return err
	}
	d, err := delivery.Show(ctx, c.pool, rest[0])
	if err != nil {
		return err
	}
	c.printf("id:          %d\nwebhook-id:  %s\ntenant:      %s\nendpoint:    %s\nevent:       %s (%s)\nstatus:      %s\n",
		d.ID, d.WebhookID, d.Tenant, d.EndpointID, d.EventID, d.EventType, d.Status)
	c.printf("attempts:    %d (retries spent %d)\ncreated:     %s\nnext due:    %s\n", d.Summary.Attempts, d.RetriesSpent,
		d.CreatedAt.Format(time.RFC3339Nano), d.NextAttemptAt.Format(time.RFC3339Nano))
	if d.LastError != nil {
		c.printf("last error:  %s\n", *d.LastError)
	}
	c.printf("body:        %s\n", d.Body)
	for i, a := range d.Attempts {
		c.printf("attempt %d: %s %s status=%s latency=%.1fms", i+1, a.At.Format(time.RFC3339Nano), a.Outcome,
			intOr(a.StatusCode, "-"), a.LatencyMS)
		if a.Error != nil {
			c.printf(" error=%q", *a.Error)
		}
		if len(a.Response) > 0 {
			c.printf(" response=%q", truncate(string(a.Response), 200))
		}
		c.printf("\n")
	}
	return nil
}

func (c *cli) retry(ctx context.Context, args []string) error {
	rest, err := parse(flag.NewFlagSet("deliveries retry", flag.ContinueOnError), args, 1)
	if err != nil {
		return err
	}
	s, err := delivery.Retry(ctx, c.pool, rest[0], c.cfg.Actor)
	if err != nil {
		return err
	}
	c.printf("delivery %d (%s) to %s/%s is due now\n", s.ID, s.WebhookID, s.Tenant, s.EndpointID)
	return nil
}

func intOr(v *int, def string) string {
	if v == nil {
		return def
	}
	return fmt.Sprint(*v)
}

func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return strings.ToValidUTF8(s[:n], "") + "…"
}
