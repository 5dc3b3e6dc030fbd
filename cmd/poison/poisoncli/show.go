package poisoncli

import (
	"context"
	"fmt"
	"io"
	"maps"
	"slices"
	"strings"

	"github.com/eventmesh/processor/internal/exitcode"
	"github.com/eventmesh/processor/internal/poisonadmin"
)

func (c *cli) show(ctx context.Context, args []string) error {
	ids, err := c.parse(args)
	if err != nil {
		return err
	}
	if len(ids) == 0 {
		return exitcode.Usagef("show: give the id of a record (see poison list)")
	}
	var bad flagErrors
	for _, id := range ids {
		bad.add(poisonadmin.ValidateIDPrefix(id))
	}
	show := func(admin *poisonadmin.Admin) ([]*poisonadmin.Detail, error) {
		details := make([]*poisonadmin.Detail, 0, len(ids))
		for _, id := range ids {
			d, err := admin.Show(ctx, id)
			if err != nil {
				return nil, err
			}
			details = append(details, d)
		}
		return details, nil
	}
	return act(ctx, c, bad.err(), show, jsonDetails, c.writeDetails)
}

func jsonDetails(details []*poisonadmin.Detail) any {
	out := make([]jsonRecord, len(details))
	for i, d := range details {
		out[i] = newJSONDetail(d)
	}
	return out
}

func (c *cli) writeDetails(details []*poisonadmin.Detail) error {
	for i, d := range details {
		if i > 0 {
			fmt.Fprintln(c.cfg.Stdout)
		}
		writeDetail(c.cfg.Stdout, d)
	}
	return nil
}

func writeDetail(w io.Writer, d *poisonadmin.Detail) {
	field := func(name, value string) {
		if value == "" {
			value = "-"
		}
		fmt.Fprintf(w, "%-16s %s\n", name+":", value)
	}
	field("Record", d.UUID)
	field("Status", fmt.Sprintf("%s (replayed %d times)", d.Status, d.Replays))
	field("Class", safe(string(d.Class)))
	field("Error", safe(d.Error))
	field("Tenant", safe(d.Tenant))
	field("Producer", safe(d.Producer))
	field("Event type", safe(d.EventType))
	field("Schema version", safe(d.SchemaVersion))
	field("Event id", safe(d.EventID))
	field("Correlation id", safe(d.CorrelationID))
	field("SQS message id", safe(d.SQSMessageID))
	field("Receive count", fmt.Sprint(d.ReceiveCount))
	field("First seen", formatTime(d.FirstSeenAt))
	field("Last seen", fmt.Sprintf("%s (seen %d times)", formatTime(d.LastSeenAt), d.SeenCount))
	field("Handler", safe(d.Handler))
	writeViolations(w, d)
	writeAttributes(w, d.Attributes)
	kind, body := renderBody(d.Body)
	fmt.Fprintf(w, "Body (%d bytes, %s):\n%s", len(d.Body), kind, indent(body))
	writeActions(w, d.Actions)
}

func writeViolations(w io.Writer, d *poisonadmin.Detail) {
	fmt.Fprintf(w, "Violations (%d):\n", len(d.Violations))
	for _, v := range d.Violations {
		path := v.Path
		if path == "" {
			path = "(root)"
		}
		fmt.Fprintf(w, "  %s: %s\n", safe(path), safe(v.Message))
	}
}

func writeAttributes(w io.Writer, attrs map[string]string) {
	fmt.Fprintf(w, "Attributes (%d):\n", len(attrs))
	for _, k := range slices.Sorted(maps.Keys(attrs)) {
		fmt.Fprintf(w, "  %s = %s\n", safe(k), safe(attrs[k]))
	}
}

func writeActions(w io.Writer, actions []poisonadmin.Action) {
	fmt.Fprintf(w, "Actions (%d):\n", len(actions))
	for _, a := range actions {
		fmt.Fprintf(w, "  %s  %s %s by %s", formatTime(a.UpdatedAt), a.Action, a.State, safe(a.Actor))
		if a.Queue != "" {
			fmt.Fprintf(w, " to queue %s", safe(a.Queue))
		}
		if a.Reason != "" {
			fmt.Fprintf(w, ": %s", safe(a.Reason))
		}
		if a.Error != "" {
			fmt.Fprintf(w, " (error: %s)", safe(a.Error))
		}
		fmt.Fprintf(w, " [run %s]\n", a.RunID)
	}
}

func indent(text string) string {
	lines := strings.SplitAfter(text, "\n")
	var b strings.Builder
	for _, l := range lines {
		if l != "" {
			b.WriteString("  " + l)
		}
	}
	return b.String()
}
