// Package sender delivers every stored event to its tenant's subscribed
// endpoints. A Watermill router reads each tenant's topic table with
// watermill-sql's Subscriber (one consumer group per sender deployment)
// and records one delivery per matching subscription in the subscriber's
// transaction, with the consumer group's offset (fan-out exactly once).
// Workers claim due deliveries with FOR UPDATE SKIP LOCKED and a lease and
// POST them as Standard Webhooks, each endpoint behind its own token
// bucket, in-flight bound and circuit breaker.
package sender

import (
	"cmp"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/eventmesh/processor/internal/delivery"
	"github.com/eventmesh/processor/internal/subscription"
)

// DefaultSchedule is the Standard Webhooks retry schedule: the delay before
// each attempt, the first immediate. After the last one fails the delivery
// fails.
var DefaultSchedule = []time.Duration{
	0, 5 * time.Second, 5 * time.Minute, 30 * time.Minute, 2 * time.Hour,
	5 * time.Hour, 10 * time.Hour, 14 * time.Hour, 20 * time.Hour, 24 * time.Hour,
}

// Defaults of Config.
const (
	DefaultConsumerGroup    = "sender"
	DefaultConcurrency      = 256
	DefaultClaimBatch       = 64
	DefaultClaimPerEndpoint = 32
	DefaultLease            = time.Minute
	DefaultPollInterval     = 25 * time.Millisecond
	DefaultTopicPoll        = 50 * time.Millisecond
	DefaultRequestTimeout   = 15 * time.Second
	DefaultJitter           = 0.2
	DefaultMaxRetryAfter    = time.Hour
	DefaultMaxThrottles     = 50
	DefaultDisableAfter     = 5 * 24 * time.Hour
	DefaultCleanupInterval  = time.Hour
	DefaultCloseTimeout     = 30 * time.Second
	DefaultStateRefresh     = 5 * time.Second
)

// Config configures a Service. Zero fields take the defaults named.
type Config struct {
	// DatabaseURL is Postgres (pgx syntax). Required.
	DatabaseURL string
	// SchemaDir is the registry and subscriptions directory; "" for the
	// embedded schemas (subscription.LoadSource).
	SchemaDir string
	// Subscriptions resolves secrets and URL variables, and allows http.
	Subscriptions subscription.Options
	// ConsumerGroup is the watermill-sql consumer group: one per sender
	// deployment (default "sender"). Instances of one deployment share it.
	ConsumerGroup string
	// StartAt is where the group starts reading a topic it has never read:
	// StartEarliest (default: every stored event is fanned out) or
	// StartLatest (only events stored from then on).
	StartAt string
	// AllowAddresses are addresses or CIDR prefixes that may be dialled even
	// though they are not public (default none: loopback, private,
	// link-local and metadata addresses are refused).
	AllowAddresses []string
	// Concurrency bounds requests in flight over all endpoints (default 256).
	Concurrency int
	// ClaimBatch is the most deliveries claimed per query (default 64), of
	// which at most ClaimPerEndpoint of one endpoint (default 32).
	ClaimBatch, ClaimPerEndpoint int
	// Lease is how long a claimed delivery stays with its worker (default
	// 1m); it must exceed RequestTimeout.
	Lease time.Duration
	// PollInterval is the wait between claims when nothing is due (default
	// 25ms); TopicPollInterval the wait between reads of an idle tenant
	// topic (default 50ms).
	PollInterval, TopicPollInterval time.Duration
	// RequestTimeout bounds one request, body included (default 15s).
	RequestTimeout time.Duration
	// Schedule is the delay before each attempt (default DefaultSchedule);
	// Jitter the ± share applied to each delay (default 0.2; negative: none).
	Schedule []time.Duration
	Jitter   float64
	// MaxRetryAfter caps a Retry-After (default 1h); MaxThrottles is how
	// many Retry-After answers a delivery may get without spending retries
	// (default 50).
	MaxRetryAfter time.Duration
	MaxThrottles  int
	// DisableAfter disables an endpoint failing continuously for this long
	// (default 5 days).
	DisableAfter time.Duration
	// Retention keeps finished deliveries this long (default 30 days);
	// CleanupInterval is how often they are deleted (default 1h).
	Retention, CleanupInterval time.Duration
	// StateRefresh is how often endpoints disabled by other instances are
	// read (default 5s).
	StateRefresh time.Duration
	// HTTPAddr serves /healthz, /readyz and /metrics ("" for none).
	HTTPAddr string
	// CloseTimeout bounds the drain on shutdown (default 30s).
	CloseTimeout time.Duration
	// Logger; default slog.Default().
	Logger *slog.Logger
	// Registry receives the metrics; default a new registry.
	Registry *prometheus.Registry
	// Transport is the base HTTP transport (tests: trusting httptest's TLS
	// certificate); default http.DefaultTransport's settings.
	Transport *http.Transport
	// InstanceID names this instance's leases (default host and pid).
	InstanceID string
}

func (c Config) withDefaults() Config {
	c.ConsumerGroup = cmp.Or(c.ConsumerGroup, DefaultConsumerGroup)
	c.StartAt = cmp.Or(c.StartAt, StartEarliest)
	c.Concurrency = cmp.Or(c.Concurrency, DefaultConcurrency)
	c.ClaimBatch = cmp.Or(c.ClaimBatch, DefaultClaimBatch)
	c.ClaimPerEndpoint = cmp.Or(c.ClaimPerEndpoint, DefaultClaimPerEndpoint)
	c.Lease = cmp.Or(c.Lease, DefaultLease)
	c.PollInterval = cmp.Or(c.PollInterval, DefaultPollInterval)
	c.TopicPollInterval = cmp.Or(c.TopicPollInterval, DefaultTopicPoll)
	c.RequestTimeout = cmp.Or(c.RequestTimeout, DefaultRequestTimeout)
	if len(c.Schedule) == 0 {
		c.Schedule = DefaultSchedule
	}
	c.Jitter = cmp.Or(c.Jitter, DefaultJitter)
	c.Jitter = max(c.Jitter, 0)
	c.MaxRetryAfter = cmp.Or(c.MaxRetryAfter, DefaultMaxRetryAfter)
	c.MaxThrottles = cmp.Or(c.MaxThrottles, DefaultMaxThrottles)
	c.DisableAfter = cmp.Or(c.DisableAfter, DefaultDisableAfter)
	c.Retention = cmp.Or(c.Retention, delivery.DefaultRetention)
	c.CleanupInterval = cmp.Or(c.CleanupInterval, DefaultCleanupInterval)
	c.StateRefresh = cmp.Or(c.StateRefresh, DefaultStateRefresh)
	c.CloseTimeout = cmp.Or(c.CloseTimeout, DefaultCloseTimeout)
	if c.Logger == nil {
		c.Logger = slog.Default()
	}
	if c.Registry == nil {
		c.Registry = prometheus.NewRegistry()
	}
	return c
}

// Validate reports every field out of range, each by name.
func (c Config) Validate() error {
	var errs []error
	add := func(format string, args ...any) { errs = append(errs, fmt.Errorf(format, args...)) }
	if c.DatabaseURL == "" {
		add("DatabaseURL is required")
	}
	if c.StartAt != StartEarliest && c.StartAt != StartLatest {
		add("StartAt %q must be %s or %s", c.StartAt, StartEarliest, StartLatest)
	}
	if c.Concurrency < 1 || c.Concurrency > 10000 {
		add("Concurrency %d must be in [1, 10000]", c.Concurrency)
	}
	if c.ClaimBatch < 1 || c.ClaimBatch > 1000 || c.ClaimPerEndpoint < 1 {
		add("ClaimBatch %d must be in [1, 1000] and ClaimPerEndpoint %d at least 1", c.ClaimBatch, c.ClaimPerEndpoint)
	}
	if c.Lease <= c.RequestTimeout+5*time.Second {
		add("Lease %s must exceed RequestTimeout %s by more than 5s", c.Lease, c.RequestTimeout)
	}
	if c.PollInterval <= 0 || c.TopicPollInterval <= 0 || c.RequestTimeout <= 0 {
		add("PollInterval, TopicPollInterval and RequestTimeout must be positive")
	}
	for i, d := range c.Schedule {
		if d < 0 {
			add("Schedule[%d] %s must not be negative", i, d)
		}
	}
	if c.Jitter >= 1 {
		add("Jitter %v must be below 1", c.Jitter)
	}
	if c.MaxRetryAfter < time.Second || c.MaxThrottles < 0 || c.DisableAfter < time.Minute {
		add("MaxRetryAfter must be at least 1s, MaxThrottles at least 0, DisableAfter at least 1m")
	}
	if c.Retention < time.Hour || c.CleanupInterval < time.Second {
		add("Retention must be at least 1h and CleanupInterval at least 1s")
	}
	return errors.Join(errs...)
}
