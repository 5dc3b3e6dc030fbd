package backpressure

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"time"
)

// Defaults of Config.
const (
	DefaultProbeTimeout = 2 * time.Second
	DefaultMinBackoff   = 100 * time.Millisecond
	DefaultMaxBackoff   = 5 * time.Second
	DefaultFresh        = time.Second
)

// Config configures a Gate. A zero field takes its default; every duration
// has a lower limit above zero, which Validate checks, so a zero never
// stands for anything else.
type Config struct {
	// Probe reports whether the dependency answers. Required. It is called
	// with a context bounded by ProbeTimeout.
	Probe func(ctx context.Context) error
	// ProbeTimeout bounds each probe. Default 2s; between 1ms and 1m.
	ProbeTimeout time.Duration
	// MinBackoff is the wait after the first failed probe of an outage; it
	// doubles with each failure up to MaxBackoff. Defaults 100ms and 5s (or
	// MinBackoff, if longer); MinBackoff at least 1ms, MaxBackoff between
	// MinBackoff and 10m.
	MinBackoff, MaxBackoff time.Duration
	// Fresh is how long a successful probe answers Check without probing
	// again, so a stream of failing messages does not open a session each.
	// Default 1s; between 1ms and 1m.
	Fresh time.Duration
	// OnChange, when set, is called with the new state each time it changes
	// (for metrics).
	OnChange func(available bool)
	// Logger receives a line when the gate closes and when it opens again.
	// Default slog.Default().
	Logger *slog.Logger
}

func (c Config) withDefaults() Config {
	c.ProbeTimeout = cmp.Or(c.ProbeTimeout, DefaultProbeTimeout)
	c.MinBackoff = cmp.Or(c.MinBackoff, DefaultMinBackoff)
	c.MaxBackoff = cmp.Or(c.MaxBackoff, max(DefaultMaxBackoff, c.MinBackoff))
	c.Fresh = cmp.Or(c.Fresh, DefaultFresh)
	c.Logger = cmp.Or(c.Logger, slog.Default())
	return c
}

// Validate reports every field outside its limits, naming the field and
// the limit. New calls it after the defaults.
func (c Config) Validate() error {
	var errs []error
	if c.Probe == nil {
		errs = append(errs, errors.New("backpressure: Config.Probe is required"))
	}
	if c.ProbeTimeout < time.Millisecond || c.ProbeTimeout > time.Minute {
		errs = append(errs, fmt.Errorf("backpressure: ProbeTimeout must be in [1ms, 1m], got %s", c.ProbeTimeout))
	}
	if c.MinBackoff < time.Millisecond {
		errs = append(errs, fmt.Errorf("backpressure: MinBackoff must be at least 1ms, got %s", c.MinBackoff))
	}
	if c.MaxBackoff < c.MinBackoff || c.MaxBackoff > 10*time.Minute {
		errs = append(errs, fmt.Errorf("backpressure: MaxBackoff must be in [MinBackoff %s, 10m], got %s", c.MinBackoff, c.MaxBackoff))
	}
	if c.Fresh < time.Millisecond || c.Fresh > time.Minute {
		errs = append(errs, fmt.Errorf("backpressure: Fresh must be in [1ms, 1m], got %s", c.Fresh))
	}
	if c.Logger == nil {
		errs = append(errs, errors.New("backpressure: Logger is nil: leave it unset for the default"))
	}
	return errors.Join(errs...)
}
