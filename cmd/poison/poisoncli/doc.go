// Package poisoncli is the poison command's command line: its commands and
// flags, its help text, the output of each command (tables, --json, text
// made safe for a terminal) and its exit codes. The work itself is
// poisonadmin's (List, Show, Stats, Replay, Discard) and deadletter's
// (Redrive); ExitCode maps Run's errors to exit codes with exitcode.Of and
// ExitClasses (a usage error, the CLI's *exitcode.UsageError or a
// *poisonadmin.UsageError → 2, *poisonadmin.NotFoundError → 3,
// context.Canceled → 130, else 1).
//
// cmd/poison reads the environment into a Config and calls Run;
// docs/poison-tool.md has a worked example.
package poisoncli
