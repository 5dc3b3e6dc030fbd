// Package processor assembles the event processor: the SQS subscriber, the
// Watermill router with its middleware, tenant validation, and the Postgres
// stores of events and poison records.
package processor

import (
	"cmp"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"

	"github.com/eventmesh/processor/internal/groupcommit"
	"github.com/eventmesh/processor/internal/sqsqueue"
	"github.com/eventmesh/processor/middleware"
)

// Defaults of Config.
const (
	DefaultQueueName         = "events"
	DefaultMaxReceiveCount   = 10
	DefaultVisibilityTimeout = 30 * time.Second
	DefaultMaxProcessingTime = sqsqueue.DefaultMaxProcessingTime // 5m
	DefaultCloseTimeout      = 30 * time.Second
	// DefaultStartupTimeout bounds the whole start-up: a step that keeps
	// failing transiently (Postgres or SQS unreachable, a table locked by
	// another session) is retried until then, and start-up fails after.
	DefaultStartupTimeout = 5 * time.Minute
	// DefaultStartupStepTimeout bounds one attempt of one start-up step.
	DefaultStartupStepTimeout = 30 * time.Second
	DefaultHandlerName        = "store_event"
	// DefaultNackVisibilityDelay is cmd/processor's SQS_NACK_DELAY when
	// unset. Config itself has no default for it: its zero means no delay.
	DefaultNackVisibilityDelay = 5 * time.Second
	// DefaultAckFlushDelay is ten times sqsqueue's default: under a steady
	// load below what fills batches by itself (500 events/s in the
	// benchmark), 5 ms sent a poisoned message's acknowledgement, which
	// comes a little later than its batch's, in a DeleteMessageBatch of its
	// own (0.24 requests per event); 50 ms puts it in the next one (0.20).
	// Deletes are not on the latency path, and a crash in between means
	// only redeliveries, which the store absorbs.
	DefaultAckFlushDelay = 50 * time.Millisecond
)

// Config configures the processor. Zero fields take their defaults.
type Config struct {
	// DatabaseURL is the Postgres connection string (pgx syntax). Required.
	// Pool settings such as pool_max_conns may be given in it; by default the
	// pool holds the store writers' connections plus two.
	DatabaseURL string
	// AWS is the AWS SDK configuration of the SQS client (region, credentials,
	// endpoint). Required.
	AWS aws.Config

	// QueueName is the SQS queue the producers publish to. Default "events".
	QueueName string
	// DeadLetterQueueName receives messages that failed MaxReceiveCount
	// times. Default QueueName + "-dlq".
	DeadLetterQueueName string
	// MaxReceiveCount is the redrive policy's receive count. Default 10.
	MaxReceiveCount int
	// MessageRetention of the main queue when the processor creates it.
	// Default sqsqueue.DefaultMessageRetention (4 days); 1 minute to 14 days.
	MessageRetention time.Duration
	// DeadLetterRetention of the dead-letter queue when the processor
	// creates it. Default sqsqueue.DefaultDeadLetterRetention (14 days, the
	// most SQS keeps a message).
	DeadLetterRetention time.Duration
	// OnQueueMismatch: existing queues are never modified; where one differs
	// from this configuration, sqsqueue.KeepExisting (the default) logs a
	// warning per attribute and runs with the queue as it is,
	// sqsqueue.RefuseMismatch refuses to start.
	OnQueueMismatch sqsqueue.MismatchPolicy
	// VisibilityTimeout of received messages; in-flight messages are
	// extended by this much while they are processed. Default 30s.
	VisibilityTimeout time.Duration
	// MaxProcessingTime caps the time a message may stay in flight, extensions
	// included; retries must fit in it. Default 5m.
	MaxProcessingTime time.Duration
	// MaxReceivers bounds the concurrent ReceiveMessage loops (10 messages
	// each); one always polls, more join while there is a backlog.
	// Default sqsqueue.DefaultMaxReceivers.
	MaxReceivers int
	// MaxInFlight bounds the messages being processed at once.
	// Default sqsqueue.DefaultMaxInFlight.
	MaxInFlight int
	// WaitTime is the long-poll wait of each receive. Default 20s.
	WaitTime time.Duration
	// NackVisibilityDelay is how long a message that failed transiently stays
	// hidden before SQS redelivers it. Zero means no delay, not a default
	// (cmd/processor passes DefaultNackVisibilityDelay when SQS_NACK_DELAY is
	// unset, and 0 when it is 0).
	NackVisibilityDelay time.Duration
	// AckFlushDelay is how long an acknowledgement (or nack) waits for others
	// to fill a batch call of 10 before a partial batch is sent. Default 50ms.
	AckFlushDelay time.Duration

	// Retry is the backoff of transient failures (see middleware.Retry).
	Retry middleware.Retry
	// Store configures the group commit of events and poison records.
	// Defaults: groupcommit's (one writer, batches of up to 256, a 10s
	// commit timeout, no wait for a fuller batch); the poison store waits
	// up to poison.DefaultMaxWait (20ms) to gather records.
	Store groupcommit.Config

	// SchemaDir, when set, is a directory of tenant and schema files that
	// replaces the embedded ones.
	SchemaDir string
	// HTTPAddr is where /healthz, /readyz and /metrics are served, e.g.
	// ":8080". Empty disables the endpoints.
	HTTPAddr string
	// Profiler serves Go's pprof endpoints under /debug/pprof/ on HTTPAddr.
	// Default off.
	Profiler bool
	// CloseTimeout is the whole shutdown budget, from the end of Run's
	// context to Run's return: the drain of in-flight messages, the last
	// deletes, the group commit and the Postgres pool. The drain gets all of
	// it but a reserve of a fifth (1s to 5s); at the end of the drain the
	// messages still in flight are left to SQS (redelivered, never lost) and
	// the transactions in progress are cancelled (rolled back, their
	// messages not acknowledged). Set it to the orchestrator's grace period
	// (Kubernetes' terminationGracePeriodSeconds) or less. Default 30s; at
	// least 2s.
	CloseTimeout time.Duration
	// StartupTimeout bounds the whole start-up (New and Run until the
	// router runs). A step failing transiently (Postgres or SQS unreachable
	// or not answering, a table locked by another session) is retried with
	// backoff until then, each wait logged; start-up then fails naming the
	// step and its last error. Default 5m.
	StartupTimeout time.Duration
	// StartupStepTimeout bounds one attempt of one start-up step (a
	// connection, the DDL of a table, the creation of the queues); DDL
	// sessions also wait at most half of it, up to 5s, for a table lock
	// (lock_timeout). Default 30s; at most StartupTimeout.
	StartupStepTimeout time.Duration
	// Logger receives the processor's structured logs. Default slog.Default().
	Logger *slog.Logger
}

func (c Config) withDefaults() Config {
	c.QueueName = cmp.Or(c.QueueName, DefaultQueueName)
	c.DeadLetterQueueName = cmp.Or(c.DeadLetterQueueName, c.QueueName+"-dlq")
	c.MaxReceiveCount = cmp.Or(c.MaxReceiveCount, DefaultMaxReceiveCount)
	c.VisibilityTimeout = cmp.Or(c.VisibilityTimeout, DefaultVisibilityTimeout)
	c.MessageRetention = cmp.Or(c.MessageRetention, sqsqueue.DefaultMessageRetention)
	c.DeadLetterRetention = cmp.Or(c.DeadLetterRetention, sqsqueue.DefaultDeadLetterRetention)
	c.OnQueueMismatch = cmp.Or(c.OnQueueMismatch, sqsqueue.DefaultOnMismatch)
	c.MaxProcessingTime = cmp.Or(c.MaxProcessingTime, max(DefaultMaxProcessingTime, c.VisibilityTimeout))
	c.MaxReceivers = cmp.Or(c.MaxReceivers, sqsqueue.DefaultMaxReceivers)
	c.MaxInFlight = cmp.Or(c.MaxInFlight, sqsqueue.DefaultMaxInFlight)
	c.AckFlushDelay = cmp.Or(c.AckFlushDelay, DefaultAckFlushDelay)
	c.CloseTimeout = cmp.Or(c.CloseTimeout, DefaultCloseTimeout)
	c.StartupTimeout = cmp.Or(c.StartupTimeout, DefaultStartupTimeout)
	c.StartupStepTimeout = cmp.Or(c.StartupStepTimeout, min(DefaultStartupStepTimeout, c.StartupTimeout))
	c.Retry = c.Retry.WithDefaults()
	c.Store = c.Store.WithDefaults()
	if c.Logger == nil {
		c.Logger = slog.Default()
	}
	return c
}

// Validate reports every invalid field, naming it and its limit.
func (c Config) Validate() error {
	var errs []error
	if c.DatabaseURL == "" {
		errs = append(errs, errors.New("processor: DatabaseURL is required"))
	}
	if c.AWS.Credentials == nil {
		errs = append(errs, errors.New("processor: AWS.Credentials is required"))
	}
	if c.MaxReceiveCount < 2 || c.MaxReceiveCount > 1000 {
		errs = append(errs, fmt.Errorf("processor: MaxReceiveCount must be in [2, 1000], got %d", c.MaxReceiveCount))
	}
	if err := c.queueSpec().Validate(); err != nil {
		errs = append(errs, fmt.Errorf("processor: queues: %w", err))
	}
	if err := c.Retry.Validate(); err != nil {
		errs = append(errs, err)
	}
	errs = append(errs, c.validateLifecycle()...)
	if worst := c.worstCaseProcessing(); worst >= c.MaxProcessingTime {
		errs = append(errs, fmt.Errorf("processor: retries can take %s (%d attempts of up to Store.CommitTimeout %s, plus %s of backoff), "+
			"which does not fit in MaxProcessingTime %s: raise MaxProcessingTime or lower Retry.MaxRetries",
			worst, c.Retry.MaxRetries+1, c.Store.CommitTimeout, c.Retry.MaxTotalWait(), c.MaxProcessingTime))
	}
	return errors.Join(errs...)
}

// queueSpec is the queues the processor creates when they are missing and
// compares when they exist.
func (c Config) queueSpec() sqsqueue.QueueSpec {
	return sqsqueue.QueueSpec{
		Name: c.QueueName, DeadLetterName: c.DeadLetterQueueName,
		MaxReceiveCount: c.MaxReceiveCount, VisibilityTimeout: c.VisibilityTimeout,
		MessageRetention: c.MessageRetention, DeadLetterRetention: c.DeadLetterRetention,
		OnMismatch: c.OnQueueMismatch, Logger: c.Logger,
	}
}

// validateLifecycle checks the start-up and shutdown budgets.
func (c Config) validateLifecycle() []error {
	var errs []error
	if c.CloseTimeout < 2*time.Second || c.CloseTimeout > time.Hour {
		errs = append(errs, fmt.Errorf("processor: CloseTimeout must be in [2s, 1h], got %s", c.CloseTimeout))
	}
	if c.StartupTimeout < time.Second || c.StartupTimeout > 24*time.Hour {
		errs = append(errs, fmt.Errorf("processor: StartupTimeout must be in [1s, 24h], got %s", c.StartupTimeout))
	}
	if c.StartupStepTimeout < 500*time.Millisecond || c.StartupStepTimeout > c.StartupTimeout {
		errs = append(errs, fmt.Errorf("processor: StartupStepTimeout must be in [500ms, StartupTimeout %s], got %s",
			c.StartupTimeout, c.StartupStepTimeout))
	}
	return errs
}

// worstCaseProcessing is the longest a message can be in the handler chain:
// every attempt hits the commit timeout and every backoff is at its longest.
func (c Config) worstCaseProcessing() time.Duration {
	attempts := time.Duration(c.Retry.MaxRetries + 1)
	return attempts*c.Store.CommitTimeout + c.Retry.MaxTotalWait()
}
