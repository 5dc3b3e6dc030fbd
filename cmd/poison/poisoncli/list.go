package poisoncli

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/eventmesh/processor/internal/poisonadmin"
)

func (c *cli) list(ctx context.Context, args []string) error {
	filters := c.filterFlags(string(poisonadmin.StatusOpen))
	limit := c.flags.Int("limit", poisonadmin.DefaultListLimit, "")
	page := c.flags.String("page", "", "")
	ids, err := c.parse(args)
	if err != nil {
		return err
	}
	if len(ids) > 0 && !c.isSet("status") {
		filters.status = "all" // records asked for by id are listed whatever their status
	}
	var bad flagErrors
	bad.check(*limit >= 1 && *limit <= poisonadmin.MaxListLimit, "--limit must be in [1, %d], got %d", poisonadmin.MaxListLimit, *limit)
	filter, err := filters.filter(c.cfg.Now(), ids)
	bad.add(err)
	list := func(admin *poisonadmin.Admin) (*poisonadmin.ListPage, error) {
		return admin.List(ctx, poisonadmin.ListOptions{Filter: filter, Limit: *limit, Page: *page})
	}
	return act(ctx, c, bad.err(), list, jsonList, c.writeList)
}

func jsonList(page *poisonadmin.ListPage) any {
	records := make([]jsonRecord, len(page.Records))
	for i, r := range page.Records {
		records[i] = newJSONRecord(r)
	}
	return struct {
		Records []jsonRecord `json:"records"`
		Next    string       `json:"next_page,omitempty"`
	}{records, page.Next}
}

func (c *cli) writeList(page *poisonadmin.ListPage) error {
	w := tabwriter.NewWriter(c.cfg.Stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(w, "ID\tLAST SEEN (UTC)\tTENANT\tPRODUCER\tTYPE\tCLASS\tSEEN\tSTATUS\tREASON")
	for _, r := range page.Records {
		fmt.Fprintf(w, "%s\t%s\t%s\t%s\t%s\t%s\t%d\t%s\t%s\n", r.UUID[:8], formatTime(r.LastSeenAt),
			cell(r.Tenant, 24), cell(r.Producer, 20), cell(r.EventType, 24), cell(string(r.Class), 24),
			r.SeenCount, status(r), cell(reason(r), 72))
	}
	if err := w.Flush(); err != nil {
		return err
	}
	fmt.Fprintf(c.cfg.Stdout, "%d records", len(page.Records))
	if page.Next != "" {
		fmt.Fprintf(c.cfg.Stdout, "; next page: --page %s", page.Next)
	}
	_, err := fmt.Fprintln(c.cfg.Stdout)
	return err
}

// cell is a table cell: safe, clipped, "-" when empty.
func cell(s string, width int) string {
	if s == "" {
		return "-"
	}
	return clip(safe(s), width)
}

func status(r *poisonadmin.Record) string {
	if r.Replays > 0 {
		return string(r.Status) + "(" + strconv.Itoa(r.Replays) + "x)"
	}
	return string(r.Status)
}

// reason is the first violation, or the error.
func reason(r *poisonadmin.Record) string {
	if len(r.Violations) > 0 {
		if v := r.Violations[0]; v.Path != "" {
			return v.Path + ": " + v.Message
		}
		return r.Violations[0].Message
	}
	if _, cause, ok := strings.Cut(r.Error, ": "); ok {
		return cause // after the class and the event's fields, which have columns
	}
	return r.Error
}

func formatTime(t time.Time) string {
	if t.IsZero() {
		return "-"
	}
	return t.UTC().Format(time.DateTime)
}
