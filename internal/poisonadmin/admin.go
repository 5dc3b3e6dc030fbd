package poisonadmin

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"log/slog"

	"github.com/ThreeDotsLabs/watermill"
	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/eventmesh/processor/internal/envconfig"
	"github.com/eventmesh/processor/internal/poison"
	"github.com/eventmesh/processor/internal/registry"
	"github.com/eventmesh/processor/internal/store"
)

// DefaultQueueName is the queue replays send to: the processor's default.
const DefaultQueueName = envconfig.DefaultQueueName

// DefaultActor names the operator when Config.Actor is empty.
const DefaultActor = "unknown"

// Config configures an Admin. Zero fields take their defaults.
type Config struct {
	// Pool is the Postgres pool of the processor's database. Required.
	Pool *pgxpool.Pool
	// Actor names who acts; it is recorded with every replay and discard.
	// Default "unknown".
	Actor string
	// Registry re-validates records before a replay (and in dry runs): the
	// tenants and schemas the processor runs with (registry.Load of the
	// embedded schemas.FS, or registry.LoadDir of its SCHEMA_DIR).
	// Required by Replay.
	Registry *registry.Registry
	// AWS configures the SQS client replays send with (region, credentials,
	// endpoint). Required by Replay unless it is a dry run.
	AWS aws.Config
	// QueueName is the SQS queue replays send to. Default "events".
	QueueName string
	// Logger receives the SQS publisher's logs. Default slog.Default().
	Logger *slog.Logger
}

func (c Config) withDefaults() Config {
	c.Actor = cmp.Or(c.Actor, DefaultActor)
	c.QueueName = cmp.Or(c.QueueName, DefaultQueueName)
	c.Logger = cmp.Or(c.Logger, slog.Default())
	return c
}

// Validate reports every invalid field.
func (c Config) Validate() error {
	var errs []error
	if c.Pool == nil {
		errs = append(errs, errors.New("poisonadmin: Pool is required"))
	}
	if len(c.Actor) > 256 {
		errs = append(errs, fmt.Errorf("poisonadmin: Actor of %d bytes exceeds 256 bytes", len(c.Actor)))
	}
	if len(c.QueueName) > 80 {
		errs = append(errs, fmt.Errorf("poisonadmin: QueueName of %d characters exceeds the SQS limit of 80", len(c.QueueName)))
	}
	return errors.Join(errs...)
}

// Admin inspects and acts on the poison queue. Safe for concurrent use;
// only one Replay or Discard acts at a time on a database schema's poison
// queue, across processes (others fail with ErrBusy).
type Admin struct {
	cfg Config
}

// New checks cfg and creates the poison table (as the processor does) and
// poison.ActionsTable if they do not exist.
func New(ctx context.Context, cfg Config) (*Admin, error) {
	cfg = cfg.withDefaults()
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	if err := store.EnsureTopic(ctx, cfg.Pool, store.NewBinaryTopicSchema(), poison.Topic); err != nil {
		return nil, fmt.Errorf("create poison table: %w", err)
	}
	if err := poison.EnsureActionsTable(ctx, cfg.Pool); err != nil {
		return nil, err
	}
	return &Admin{cfg: cfg}, nil
}

func (a *Admin) watermillLogger() watermill.LoggerAdapter {
	return watermill.NewSlogLogger(a.cfg.Logger)
}
