package poisoncli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/eventmesh/processor/internal/exitcode"
	"github.com/eventmesh/processor/internal/poisonadmin"
	"github.com/eventmesh/processor/internal/registry"
)

// Config is what the poison command takes from its environment (read by
// cmd/poison); flags override QueueName and SchemaDir.
type Config struct {
	// DatabaseURL is the processor's Postgres (DATABASE_URL).
	DatabaseURL string
	// AWS configures the SQS client of replays (AWS_ENDPOINT_URL_SQS, …).
	AWS aws.Config
	// QueueName is the queue replays send to (SQS_QUEUE_NAME). Default "events".
	QueueName string
	// SchemaDir replaces the embedded schemas (SCHEMA_DIR); "" for embedded.
	SchemaDir string
	// Actor is recorded with replays and discards (POISON_ACTOR, else user@host).
	Actor string
	// Stdout receives results, Stderr progress notes. Required.
	Stdout io.Writer
	Stderr io.Writer
	// Now is the clock of relative times ("--since 24h"). Default time.Now.
	Now func() time.Time
}

// connectTimeout bounds the first connection to Postgres.
const connectTimeout = 10 * time.Second

// Run runs the poison command line args (without the program name).
// Map its error to an exit code with ExitCode.
func Run(ctx context.Context, cfg Config, args []string) error {
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if len(args) == 0 {
		return exitcode.Usagef("no command given (commands: list, show, stats, replay, discard, dlq-redrive, help)")
	}
	cmd, ok := commands[args[0]]
	if !ok {
		if isHelp(args[0]) {
			_, err := io.WriteString(cfg.Stdout, usageText)
			return err
		}
		return exitcode.Usagef("unknown command %q (commands: list, show, stats, replay, discard, dlq-redrive, help)", args[0])
	}
	c := &cli{cfg: cfg, flags: flag.NewFlagSet(args[0], flag.ContinueOnError)}
	c.flags.SetOutput(io.Discard)
	err := cmd(c, ctx, args[1:])
	if errors.Is(err, flag.ErrHelp) {
		_, err = io.WriteString(cfg.Stdout, usageText)
	}
	return err
}

var commands = map[string]func(*cli, context.Context, []string) error{
	"list":        (*cli).list,
	"show":        (*cli).show,
	"stats":       (*cli).stats,
	"replay":      (*cli).replay,
	"discard":     (*cli).discard,
	"dlq-redrive": (*cli).dlqRedrive,
}

func isHelp(arg string) bool {
	return arg == "help" || arg == "-h" || arg == "--help" || arg == "-help"
}

// cli is one run of a command.
type cli struct {
	cfg   Config
	flags *flag.FlagSet
	json  bool
}

// parse parses flags placed anywhere among the positional arguments.
func (c *cli) parse(args []string) ([]string, error) {
	c.flags.BoolVar(&c.json, "json", false, "")
	var positional []string
	for {
		if err := c.flags.Parse(args); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				return nil, err
			}
			return nil, exitcode.Usagef("%s: %v (see poison help)", c.flags.Name(), err)
		}
		if args = c.flags.Args(); len(args) == 0 {
			return positional, nil
		}
		positional, args = append(positional, args[0]), args[1:]
	}
}

// admin connects to Postgres and returns an Admin (and its cleanup);
// reg is needed by replays only.
func (c *cli) admin(ctx context.Context, reg *registry.Registry) (*poisonadmin.Admin, func(), error) {
	pool, err := pgxpool.New(ctx, c.cfg.DatabaseURL)
	if err != nil {
		return nil, nil, exitcode.Usagef("DATABASE_URL: %v", err)
	}
	pingCtx, cancel := context.WithTimeout(ctx, connectTimeout)
	defer cancel()
	if err := pool.Ping(pingCtx); err != nil {
		pool.Close()
		return nil, nil, fmt.Errorf("connect to postgres (DATABASE_URL): %w", err)
	}
	admin, err := poisonadmin.New(ctx, poisonadmin.Config{
		Pool: pool, Actor: c.cfg.Actor, Registry: reg, AWS: c.cfg.AWS, QueueName: c.cfg.QueueName,
	})
	if err != nil {
		pool.Close()
		return nil, nil, err
	}
	return admin, pool.Close, nil
}

// isSet reports whether the flag was given on the command line.
func (c *cli) isSet(name string) bool {
	set := false
	c.flags.Visit(func(f *flag.Flag) { set = set || f.Name == name })
	return set
}
