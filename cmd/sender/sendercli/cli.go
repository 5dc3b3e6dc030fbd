// Package sendercli is the sender's operator tool: list, show and retry
// deliveries, recover, enable and disable endpoints, and delete old
// deliveries. cmd/sender runs it for every command but "run".
package sendercli

import (
	"context"
	"flag"
	"fmt"
	"io"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/eventmesh/processor/internal/delivery"
	"github.com/eventmesh/processor/internal/exitcode"
	"github.com/eventmesh/processor/internal/subscription"
)

// Config is what the commands need; cmd/sender fills it from the
// environment.
type Config struct {
	DatabaseURL   string
	SchemaDir     string
	Subscriptions subscription.Options
	// Actor is recorded with every action (user@host).
	Actor  string
	Stdout io.Writer
	Now    func() time.Time
}

// ExitClasses are the errors of the sender tool's library beyond exitcode's
// own: delivery.ErrNotFound → exitcode.NotFound (3).
var ExitClasses = []exitcode.Class{exitcode.Is(delivery.ErrNotFound, exitcode.NotFound)}

// ExitCode maps Run's error to the exit code: exitcode.Of with ExitClasses
// (0 ok, 2 usage, 3 not found, 130 interrupted, 1 anything else).
func ExitCode(err error) int {
	return exitcode.Of(err, ExitClasses...)
}

// Usage is the tool's help.
const Usage = `sender: deliver stored events to the tenants' webhook endpoints, and operate them.

  sender [run]                                   run the sender (environment: see docs/sender.md)
  sender deliveries list [--tenant T] [--endpoint E] [--status pending|delivered|failed|skipped] [--limit N]
  sender deliveries show <id|webhook-id>         a delivery, its body and every attempt
  sender deliveries retry <id|webhook-id>        make a failed or skipped delivery due now, with a fresh schedule
  sender endpoint recover --tenant T --endpoint E --since <RFC 3339 time|duration ago> [--rate N]
                                                 re-deliver what the endpoint missed since then (resumable)
  sender endpoint disable --tenant T --endpoint E [--reason R]
  sender endpoint enable  --tenant T --endpoint E [--reason R]
  sender cleanup [--retention 720h]              delete finished deliveries older than the retention

Environment: DATABASE_URL, SCHEMA_DIR, SENDER_ACTOR. Exit codes: 0 ok, 1 failure, 2 usage, 3 not found, 130 interrupted.
`

// Run runs the command in args.
func Run(ctx context.Context, cfg Config, args []string) error {
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if len(args) == 0 || args[0] == "help" || args[0] == "-h" || args[0] == "--help" {
		_, err := io.WriteString(cfg.Stdout, Usage)
		return err
	}
	cmd := args[0]
	if len(args) > 1 && (cmd == "deliveries" || cmd == "endpoint") {
		cmd += " " + args[1]
		args = args[1:]
	}
	run, ok := commands[cmd]
	if !ok {
		return exitcode.Usagef("unknown command %q (sender help)", cmd)
	}
	pool, err := pgxpool.New(ctx, cfg.DatabaseURL)
	if err != nil {
		return fmt.Errorf("connect to postgres: %w", err)
	}
	defer pool.Close()
	if err := delivery.EnsureSchema(ctx, pool); err != nil {
		return err
	}
	return run(&cli{cfg: cfg, pool: pool}, ctx, args[1:])
}

type cli struct {
	cfg  Config
	pool *pgxpool.Pool
}

var commands = map[string]func(*cli, context.Context, []string) error{
	"deliveries list":  (*cli).list,
	"deliveries show":  (*cli).show,
	"deliveries retry": (*cli).retry,
	"endpoint recover": (*cli).recover,
	"endpoint enable":  (*cli).enable,
	"endpoint disable": (*cli).disable,
	"cleanup":          (*cli).cleanup,
}

// parse parses flags, refusing extra arguments beyond wantArgs.
func parse(fs *flag.FlagSet, args []string, wantArgs int) ([]string, error) {
	fs.SetOutput(io.Discard)
	if err := fs.Parse(args); err != nil {
		return nil, exitcode.Usagef("%s: %v", fs.Name(), err)
	}
	if fs.NArg() != wantArgs {
		return nil, exitcode.Usagef("%s takes %d argument(s), got %d", fs.Name(), wantArgs, fs.NArg())
	}
	return fs.Args(), nil
}

func (c *cli) printf(format string, args ...any) {
	fmt.Fprintf(c.cfg.Stdout, format, args...)
}
