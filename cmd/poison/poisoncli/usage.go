package poisoncli

import (
	"strings"

	"github.com/eventmesh/processor/internal/rejection"
)

// usageText is the command's help (poison help): usageTemplate with the
// error classes of rejection.Classes.
var usageText = strings.Replace(usageTemplate, "{classes}", wrap(classNames(), classIndent, 72), 1)

// classIndent is the column of the --class flag's description.
const classIndent = 20

const usageTemplate = `Usage: poison <command> [flags] [ids]

Inspect the processor's poison queue (Postgres) and replay records to SQS;
move messages from the SQS dead-letter queue back to the queue.
Record ids are uuids, or unique prefixes of at least 4 characters as list
prints them. Flags may come before or after ids.

Commands:
  list     [filters] [--limit N] [--page CURSOR] [--json]
           Records, newest (last seen) first; --status defaults to open
           (to all when ids are given); --limit 1 to 1000, default 50.
  show     ID... [--json]
           Whole records: reason, violations, attributes, body, actions.
  stats    [filters] [--json]
           Counts by tenant, event type and error class; --status defaults to all.
  replay   [ids] [filters] [--all] [--dry-run] [--force] [--re-sign] [--rate N]
           [--limit N] [--queue NAME] [--schemas-dir DIR] [--json]
           Re-validate open records against the schemas and send those that
           now pass to the queue, at most --rate a second (default 50,
           at most 10000).
           --dry-run only predicts. --force also sends records predicted to
           fail. --limit caps the records sent. Each send is recorded; a
           second run sends nothing again; an interrupted run resumes.
           Attributes are kept: a record with a bad signature fails again
           unless --re-sign signs it anew with its producer's current key
           (PRODUCER_KEY_* as the processor's), recorded with the replay.
  discard  [ids] [filters] --reason TEXT [--all] [--dry-run] [--json]
           Mark open records as dealt with, with a reason. Nothing is deleted.
  dlq-redrive [--queue NAME] [--dlq NAME] [--dry-run] [--max N] [--rate N] [--json]
           Move messages from the SQS dead-letter queue (default: the one
           the queue's redrive policy names) back to the queue, body and
           attributes unchanged plus original_sqs_message_id and
           redriven_from_dlq, at most --rate a second (default 50, at most
           10000). Each message is deleted from the dead-letter queue only
           once sent. --dry-run only counts. --max caps the messages moved.
           A second run moves what is left; Postgres is not needed.
  help     This text.

Filters (all must match):
  --tenant ID  --producer ID  --type EVENT_TYPE
  --class CLASS     {classes}
  --since T --until T  last seen in [since, until): RFC 3339 time, date
                    (2026-03-01, UTC) or age (90m, 24h, 7d)
  --grep TEXT       case-insensitive text in the error and violations
  --status S        open, replayed, discarded or all
replay and discard need ids, a filter, or --all; they act on open records
only and count the others as already replayed or discarded. Every flag is
checked before the schemas are loaded or Postgres is reached; all the bad
ones are reported at once (exit code 2).

Environment:
  DATABASE_URL          Postgres (default postgres://postgres@127.0.0.1:5432/postgres?sslmode=disable)
  SQS_QUEUE_NAME        queue replays and dlq-redrive send to (default events)
  AWS_ENDPOINT_URL_SQS  SQS endpoint (unset: the local emulator http://127.0.0.1:4566;
                        empty: AWS), with AWS_REGION and the usual credentials
  SCHEMA_DIR            schemas replays validate with (default: embedded)
  POISON_ACTOR          who acts, recorded with replays and discards (default user@host)

Exit codes: 0 ok, 1 failure (Postgres or SQS unreachable, send failed,
a message not moved),
2 usage (bad command, flag, filter or id), 3 not found (record id or queue),
130 interrupted (run replay or dlq-redrive again to resume).
`

// classNames is every rejection class, comma-separated.
func classNames() string {
	names := make([]string, len(rejection.Classes))
	for i, c := range rejection.Classes {
		names[i] = string(c)
	}
	return strings.Join(names, ", ")
}

// wrap breaks text at spaces into lines of at most width columns, the
// lines after the first indented by indent spaces (the first line starts
// at that column).
func wrap(text string, indent, width int) string {
	var b strings.Builder
	col := indent
	for i, word := range strings.Fields(text) {
		if i > 0 && col+1+len(word) > width {
			b.WriteString("\n" + strings.Repeat(" ", indent))
			col = indent
		} else if i > 0 {
			b.WriteByte(' ')
			col++
		}
		b.WriteString(word)
		col += len(word)
	}
	return b.String()
}
