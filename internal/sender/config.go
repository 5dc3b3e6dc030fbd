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
	"github.com/eventmesh/processor/internal/egress"
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
	DefaultRequestTimeout   = egress.DefaultTimeout
	DefaultJitter           = 0.2
	DefaultMaxRetryAfter    = time.Hour
	DefaultMaxThrottles     = 50
	DefaultDisableAfter     = 5 * 24 * time.Hour
	DefaultCleanupInterval  = time.Hour
	DefaultCloseTimeout     = 30 * time.Second
	DefaultStateRefresh     = 5 * time.Second
)

// Limits of Config that Validate checks beyond those it states.
const (
	// maxClaim bounds ClaimBatch and ClaimPerEndpoint.
	maxClaim = 1000
	// leaseMargin is how much longer than RequestTimeout a Lease must be:
	// a request that runs to its timeout still has its result written
	// within the lease, before another worker may claim the delivery.
	leaseMargin = 5 * time.Second
)

// Config configures a Service. Zero fields take the defaults named; a
// zero never stands for anything else: every field with a default has a
// lower limit above zero, which Validate checks (no jitter is a negative
// Jitter).
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
	// Concurrency bounds requests in flight over all endpoints (default 256;
	// between 1 and 10000).
	Concurrency int
	// ClaimBatch is the most deliveries claimed per query (default 64), of
	// which at most ClaimPerEndpoint of one endpoint (default 32); each
	// between 1 and 1000.
	ClaimBatch, ClaimPerEndpoint int
	// Lease is how long a claimed delivery stays with its worker (default
	// 1m); it must exceed RequestTimeout by more than 5s.
	Lease time.Duration
	// PollInterval is the wait between claims when nothing is due (default
	// 25ms); TopicPollInterval the wait between reads of an idle tenant
	// topic (default 50ms); each between 1ms and 1m.
	PollInterval, TopicPollInterval time.Duration
	// RequestTimeout bounds one request, body included (default
	// egress.DefaultTimeout, 15s; between 1ms and egress.MaxTimeout, 1h).
	RequestTimeout time.Duration
	// Schedule is the delay before each attempt (default DefaultSchedule;
	// none negative); Jitter the ± share applied to each delay (default
	// 0.2, below 1; negative: none).
	Schedule []time.Duration
	Jitter   float64
	// MaxRetryAfter caps a Retry-After (default 1h, at least 1s);
	// MaxThrottles is how many Retry-After answers a delivery may get
	// without spending retries (default 50; between 1 and 10000).
	MaxRetryAfter time.Duration
	MaxThrottles  int
	// DisableAfter disables an endpoint failing continuously for this long
	// (default 5 days, at least 1m).
	DisableAfter time.Duration
	// Retention keeps finished deliveries this long (default
	// delivery.DefaultRetention, 30 days; at least 1h); CleanupInterval is
	// how often they are deleted (default 1h, at least 1s).
	Retention, CleanupInterval time.Duration
	// StateRefresh is how often endpoints disabled by other instances are
	// read (default 5s, at least 1ms).
	StateRefresh time.Duration
	// HTTPAddr serves /healthz, /readyz and /metrics ("" for none).
	HTTPAddr string
	// CloseTimeout bounds the drain on shutdown (default 30s, at least 1ms).
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
	c.Logger = cmp.Or(c.Logger, slog.Default())
	if c.Registry == nil {
		c.Registry = prometheus.NewRegistry()
	}
	return c
}

// Validate reports every field outside its limits, naming the field and
// the limit. New calls it after the defaults.
func (c Config) Validate() error {
	var errs []error
	add := func(format string, args ...any) { errs = append(errs, fmt.Errorf(format, args...)) }
	if c.DatabaseURL == "" {
		add("DatabaseURL is required")
	}
	if c.StartAt != StartEarliest && c.StartAt != StartLatest {
		add("StartAt must be %s or %s, got %q", StartEarliest, StartLatest, c.StartAt)
	}
	if c.Concurrency < 1 || c.Concurrency > 10000 {
		add("Concurrency must be in [1, 10000], got %d", c.Concurrency)
	}
	if c.ClaimBatch < 1 || c.ClaimBatch > maxClaim {
		add("ClaimBatch must be in [1, %d], got %d", maxClaim, c.ClaimBatch)
	}
	if c.ClaimPerEndpoint < 1 || c.ClaimPerEndpoint > maxClaim {
		add("ClaimPerEndpoint must be in [1, %d], got %d", maxClaim, c.ClaimPerEndpoint)
	}
	if c.Lease <= c.RequestTimeout+leaseMargin {
		add("Lease must exceed RequestTimeout %s by more than %s, got %s", c.RequestTimeout, leaseMargin, c.Lease)
	}
	errs = append(errs, c.validateDurations()...)
	for i, d := range c.Schedule {
		if d < 0 {
			add("Schedule[%d] must not be negative, got %s", i, d)
		}
	}
	if !(c.Jitter >= 0 && c.Jitter < 1) {
		add("Jitter must be in [0, 1) (negative: none), got %v", c.Jitter)
	}
	if c.MaxThrottles < 1 || c.MaxThrottles > 10000 {
		add("MaxThrottles must be in [1, 10000], got %d", c.MaxThrottles)
	}
	return errors.Join(errs...)
}

// validateDurations reports the durations outside their limits; a zero
// upper limit is none.
func (c Config) validateDurations() []error {
	var errs []error
	for _, d := range []struct {
		field     string
		v, lo, hi time.Duration
	}{
		{"PollInterval", c.PollInterval, time.Millisecond, time.Minute},
		{"TopicPollInterval", c.TopicPollInterval, time.Millisecond, time.Minute},
		{"RequestTimeout", c.RequestTimeout, time.Millisecond, egress.MaxTimeout},
		{"MaxRetryAfter", c.MaxRetryAfter, time.Second, 0},
		{"DisableAfter", c.DisableAfter, time.Minute, 0},
		{"Retention", c.Retention, time.Hour, 0},
		{"CleanupInterval", c.CleanupInterval, time.Second, 0},
		{"StateRefresh", c.StateRefresh, time.Millisecond, 0},
		{"CloseTimeout", c.CloseTimeout, time.Millisecond, 0},
	} {
		switch {
		case d.hi == 0 && d.v < d.lo:
			errs = append(errs, fmt.Errorf("%s must be at least %s, got %s", d.field, d.lo, d.v))
		case d.hi != 0 && (d.v < d.lo || d.v > d.hi):
			errs = append(errs, fmt.Errorf("%s must be in [%s, %s], got %s", d.field, d.lo, d.hi, d.v))
		}
	}
	return errs
}
