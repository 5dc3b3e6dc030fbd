package poisoncli

import (
	"errors"
	"strconv"
	"strings"
	"time"

	"github.com/eventmesh/processor/internal/exitcode"
	"github.com/eventmesh/processor/internal/poisonadmin"
	"github.com/eventmesh/processor/internal/rejection"
)

// filterFlags are the selection flags shared by list, stats, replay and
// discard.
type filterFlags struct {
	tenant, producer, eventType, class string
	since, until, text, status         string
}

func (c *cli) filterFlags(defaultStatus string) *filterFlags {
	f := &filterFlags{}
	c.flags.StringVar(&f.tenant, "tenant", "", "")
	c.flags.StringVar(&f.producer, "producer", "", "")
	c.flags.StringVar(&f.eventType, "type", "", "")
	c.flags.StringVar(&f.class, "class", "", "")
	c.flags.StringVar(&f.since, "since", "", "")
	c.flags.StringVar(&f.until, "until", "", "")
	c.flags.StringVar(&f.text, "grep", "", "")
	c.flags.StringVar(&f.status, "status", defaultStatus, "")
	return f
}

// filter builds the Filter of the flags and the positional ids.
func (f *filterFlags) filter(now time.Time, ids []string) (poisonadmin.Filter, error) {
	out := poisonadmin.Filter{
		IDs: ids, Tenant: f.tenant, Producer: f.producer, EventType: f.eventType,
		Class: rejection.Class(f.class), Text: f.text,
	}
	if f.status != "all" {
		out.Status = poisonadmin.Status(f.status)
	}
	var sinceErr, untilErr error
	out.Since, sinceErr = parseTime("since", f.since, now)
	out.Until, untilErr = parseTime("until", f.until, now)
	if sinceErr != nil || untilErr != nil {
		return out, exitcode.NewUsage(errors.Join(sinceErr, untilErr))
	}
	return out, out.Validate()
}

// parseTime reads an RFC 3339 time, a date (midnight UTC), or an age such
// as 90m, 24h or 7d (that long before now). "" is no bound.
func parseTime(name, s string, now time.Time) (time.Time, error) {
	if s == "" {
		return time.Time{}, nil
	}
	if t, err := time.Parse(time.RFC3339Nano, s); err == nil {
		return t, nil
	}
	if t, err := time.Parse(time.DateOnly, s); err == nil {
		return t, nil
	}
	if days, ok := strings.CutSuffix(s, "d"); ok {
		if n, err := strconv.Atoi(days); err == nil && n >= 0 {
			return now.AddDate(0, 0, -n), nil
		}
	}
	if d, err := time.ParseDuration(s); err == nil && d >= 0 {
		return now.Add(-d), nil
	}
	return time.Time{}, exitcode.Usagef("--%s %q: want an RFC 3339 time (2026-03-01T10:00:00Z), a date (2026-03-01) or an age (90m, 24h, 7d)", name, s)
}
