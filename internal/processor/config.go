// Package processor assembles the event processor: the SQS subscriber, the
// Watermill router with its middleware, tenant validation, and the Postgres
// stores of events and poison records. New lists the start-up steps in the
// order of their dependencies; Config is everything it is given.
package processor

import (
	"cmp"
	"log/slog"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"

	"github.com/eventmesh/processor/internal/envconfig"
	"github.com/eventmesh/processor/internal/groupcommit"
	"github.com/eventmesh/processor/internal/sqsqueue"
	"github.com/eventmesh/processor/middleware"
)

// Defaults of Config: the processor's own. Every other zero field takes the
// default of the package it configures: sqsqueue.SubscriberConfig's for
// Subscriber, sqsqueue.QueueSpec's for the queues, middleware.Retry's and
// groupcommit.Config's.
const (
	// DefaultQueueName is the queue the producers publish to.
	DefaultQueueName = envconfig.DefaultQueueName
	// DefaultMaxReceiveCount is the receives of a message before SQS moves
	// it to the dead-letter queue.
	DefaultMaxReceiveCount = 10
	// DefaultAckFlushDelay is Subscriber.AckFlushDelay's, ten times
	// sqsqueue's: under a steady load below what fills batches by itself
	// (500 events/s in the benchmark), 5 ms sent a poisoned message's
	// acknowledgement, which comes a little later than its batch's, in a
	// DeleteMessageBatch of its own (0.24 requests per event); 50 ms puts it
	// in the next one (0.20). Deletes are not on the latency path, and a
	// crash in between means only redeliveries, which the store absorbs.
	DefaultAckFlushDelay = 50 * time.Millisecond
	// DefaultCloseTimeout is the whole shutdown budget.
	DefaultCloseTimeout = 30 * time.Second
	// DefaultStartupTimeout bounds the whole start-up: a step that keeps
	// failing transiently (Postgres or SQS unreachable, a table locked by
	// another session) is retried until then, and start-up fails after.
	DefaultStartupTimeout = 5 * time.Minute
	// DefaultStartupStepTimeout bounds one attempt of one start-up step.
	DefaultStartupStepTimeout = 30 * time.Second
)

// handlerName names the router's one handler in its logs and metrics.
const handlerName = "store_event"

// Config configures the processor. Zero fields take their defaults; New
// applies them, then Validate.
type Config struct {
	// DatabaseURL is the Postgres connection string (pgx syntax). Required.
	// Pool settings such as pool_max_conns may be given in it; by default the
	// pool holds two connections per store writer (events and poison) plus
	// two.
	DatabaseURL string
	// AWS is the AWS SDK configuration of the SQS client (region, credentials,
	// endpoint), and the subscriber's unless Subscriber has its own. Required.
	AWS aws.Config

	// QueueName is the SQS queue the producers publish to. Default "events".
	QueueName string
	// DeadLetterQueueName receives messages that failed MaxReceiveCount
	// times. Default QueueName + sqsqueue.DefaultDeadLetterNameSuffix
	// ("-dlq").
	DeadLetterQueueName string
	// MaxReceiveCount is the redrive policy's receive count. Default 10;
	// between 2 and 1000.
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

	// Subscriber configures the SQS subscriber: see sqsqueue.SubscriberConfig
	// for each field, its limits and its default, which the processor keeps
	// but for AckFlushDelay (DefaultAckFlushDelay). Its VisibilityTimeout is
	// also the queue's when the processor creates it, and its
	// MaxProcessingTime must hold every retry of a message (Validate).
	// NackVisibilityDelay's zero means no delay. AWSConfig is AWS unless
	// Client or AWSConfig.Credentials is set. ReceiveGate and CloseTimeout
	// are the processor's (its store gate; CloseTimeout less the shutdown
	// reserve): Validate refuses them set.
	Subscriber sqsqueue.SubscriberConfig

	// Retry is the backoff of transient failures (see middleware.Retry).
	Retry middleware.Retry
	// Store configures the group commit of events and poison records.
	// Defaults: groupcommit.Config's; the poison store waits up to
	// poison.DefaultMaxWait to gather records.
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
	// (Kubernetes' terminationGracePeriodSeconds) or less. Default 30s;
	// between 2s and 1h.
	CloseTimeout time.Duration
	// StartupTimeout bounds the whole start-up (New and Run until the
	// router runs). A step failing transiently (Postgres or SQS unreachable
	// or not answering, a table locked by another session) is retried with
	// backoff until then, each wait logged; start-up then fails naming the
	// step and its last error. Default 5m; between 1s and 24h.
	StartupTimeout time.Duration
	// StartupStepTimeout bounds one attempt of one start-up step (a
	// connection, the DDL of a table, the creation of the queues); DDL
	// sessions also wait at most half of it, up to 5s, for a table lock
	// (lock_timeout). Default 30s, or StartupTimeout when shorter; between
	// 500ms and StartupTimeout.
	StartupStepTimeout time.Duration
	// Logger receives the processor's structured logs. Default slog.Default().
	Logger *slog.Logger
}

// withDefaults gives every zero field its default. Subscriber gets the
// processor's own and the values the processor reads before the subscriber
// exists (subscriberWithDefaults); sqsqueue.NewSubscriber applies the rest.
func (c Config) withDefaults() Config {
	c.QueueName = cmp.Or(c.QueueName, DefaultQueueName)
	c.DeadLetterQueueName = cmp.Or(c.DeadLetterQueueName, c.QueueName+sqsqueue.DefaultDeadLetterNameSuffix)
	c.MaxReceiveCount = cmp.Or(c.MaxReceiveCount, DefaultMaxReceiveCount)
	c.MessageRetention = cmp.Or(c.MessageRetention, sqsqueue.DefaultMessageRetention)
	c.DeadLetterRetention = cmp.Or(c.DeadLetterRetention, sqsqueue.DefaultDeadLetterRetention)
	c.OnQueueMismatch = cmp.Or(c.OnQueueMismatch, sqsqueue.DefaultOnMismatch)
	c.Subscriber = c.subscriberWithDefaults()
	c.Retry = c.Retry.WithDefaults()
	c.Store = c.Store.WithDefaults()
	c.CloseTimeout = cmp.Or(c.CloseTimeout, DefaultCloseTimeout)
	c.StartupTimeout = cmp.Or(c.StartupTimeout, DefaultStartupTimeout)
	c.StartupStepTimeout = cmp.Or(c.StartupStepTimeout, min(DefaultStartupStepTimeout, c.StartupTimeout))
	c.Logger = cmp.Or(c.Logger, slog.Default())
	return c
}

// subscriberWithDefaults is Subscriber with DefaultAckFlushDelay, AWS, and
// the two sqsqueue defaults the processor reads itself: VisibilityTimeout
// (the queue's) and MaxProcessingTime (the retries' budget), taken from
// sqsqueue's WithDefaults; NewSubscriber applies the rest.
func (c Config) subscriberWithDefaults() sqsqueue.SubscriberConfig {
	sub := c.Subscriber
	sub.AckFlushDelay = cmp.Or(sub.AckFlushDelay, DefaultAckFlushDelay)
	if sub.Client == nil && sub.AWSConfig.Credentials == nil {
		sub.AWSConfig = c.AWS
	}
	full := sub.WithDefaults()
	sub.VisibilityTimeout, sub.MaxProcessingTime = full.VisibilityTimeout, full.MaxProcessingTime
	return sub
}
