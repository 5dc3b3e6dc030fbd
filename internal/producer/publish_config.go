package producer

import (
	"cmp"
	"errors"
	"fmt"
	"log/slog"
	"time"
)

// Defaults of PublishConfig.
const (
	DefaultConcurrency      = 4
	DefaultInitialBackoff   = 100 * time.Millisecond
	DefaultMaxBackoff       = 5 * time.Second
	DefaultProgressInterval = 10 * time.Second
)

// Limits of PublishConfig.
const (
	// MinRate and MaxRate bound a non-zero Rate, in messages per second.
	MinRate = 0.001
	MaxRate = 1_000_000
	// MaxConcurrency bounds Concurrency.
	MaxConcurrency = 1024
)

// PublishConfig configures Publish. Zero fields take their defaults.
type PublishConfig struct {
	// Topic is the topic (the SQS queue name) to publish to. Required.
	Topic string
	// Rate caps the messages published per second; 0 means as fast as the
	// publishers go, else it is in [MinRate, MaxRate]. A lag of more than a
	// second behind the rate is not made up for by a burst. Default 0.
	Rate float64
	// Count stops the run after this many messages were taken from the
	// workload; 0 means no limit. Default 0.
	Count int
	// Duration stops taking messages from the workload after this long;
	// 0 means no limit. Default 0.
	Duration time.Duration
	// Concurrency is the number of messages published at once, at most
	// MaxConcurrency. Default 4.
	Concurrency int
	// InitialBackoff and MaxBackoff bound the wait between the attempts of a
	// transiently failed send; it doubles from one to the other, with jitter.
	// Defaults 100ms and 5s.
	InitialBackoff, MaxBackoff time.Duration
	// ProgressInterval is the period of the progress log line. Default 10s.
	ProgressInterval time.Duration
	// Logger receives retries, failures and progress. Default: discarded.
	Logger *slog.Logger
}

func (c PublishConfig) withDefaults() PublishConfig {
	c.Concurrency = cmp.Or(c.Concurrency, DefaultConcurrency)
	c.InitialBackoff = cmp.Or(c.InitialBackoff, DefaultInitialBackoff)
	c.MaxBackoff = cmp.Or(c.MaxBackoff, DefaultMaxBackoff)
	c.ProgressInterval = cmp.Or(c.ProgressInterval, DefaultProgressInterval)
	if c.Logger == nil {
		c.Logger = slog.New(slog.DiscardHandler)
	}
	return c
}

// Validate reports every invalid field, naming it and its limit.
func (c PublishConfig) Validate() error {
	var errs []error
	check := func(ok bool, format string, args ...any) {
		if !ok {
			errs = append(errs, fmt.Errorf("producer: "+format, args...))
		}
	}
	check(c.Topic != "", "PublishConfig.Topic is required")
	check(ValidRate(c.Rate), "PublishConfig.Rate must be 0 or in [%v, %v], got %v", MinRate, MaxRate, c.Rate)
	check(c.Count >= 0, "PublishConfig.Count must be >= 0, got %d", c.Count)
	check(c.Duration >= 0, "PublishConfig.Duration must be >= 0, got %s", c.Duration)
	check(c.Concurrency >= 1 && c.Concurrency <= MaxConcurrency, "PublishConfig.Concurrency must be in [1, %d], got %d", MaxConcurrency, c.Concurrency)
	check(c.InitialBackoff > 0 && c.InitialBackoff <= c.MaxBackoff,
		"PublishConfig.InitialBackoff must be in (0, MaxBackoff %s], got %s", c.MaxBackoff, c.InitialBackoff)
	return errors.Join(errs...)
}

// ValidRate reports whether rate is 0 or in [MinRate, MaxRate]: NaN and the
// infinities are not.
func ValidRate(rate float64) bool {
	return rate == 0 || rate >= MinRate && rate <= MaxRate
}
