package receiver

import (
	"cmp"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"github.com/eventmesh/processor/internal/webhook"
)

// Defaults and limits of Config.
const (
	// DefaultRemember is how many webhook-ids are remembered for dropping
	// duplicates.
	DefaultRemember = 1 << 20
	// MaxRemember bounds Remember: each id kept costs a map entry.
	MaxRemember = 1 << 24
	// MaxDelay bounds Delay.
	MaxDelay = time.Hour
)

// Config configures a Receiver. A zero Remember or Logger takes its
// default; FailRate and Delay are zero by default, which means none.
type Config struct {
	// Secrets verify signatures (two while the sender rotates). Required.
	Secrets []webhook.Secret
	// FailRate is the share of new deliveries answered 503, to watch the
	// sender retry. Default 0; between 0 and 1.
	FailRate float64
	// Delay is added before each answer. Default 0; at most MaxDelay (1h).
	Delay time.Duration
	// Remember bounds the webhook-ids kept. Default DefaultRemember (about
	// a million); between 1 and MaxRemember.
	Remember int
	// Logger receives a line per event received and per refused signature.
	// Default slog.Default().
	Logger *slog.Logger
}

func (c Config) withDefaults() Config {
	c.Remember = cmp.Or(c.Remember, DefaultRemember)
	c.Logger = cmp.Or(c.Logger, slog.Default())
	return c
}

// Validate reports every field outside its limits, naming the field and
// the limit. New calls it after the defaults.
func (c Config) Validate() error {
	var errs []error
	if len(c.Secrets) == 0 {
		errs = append(errs, errors.New("receiver: at least one secret is required (Secrets)"))
	}
	if !(c.FailRate >= 0 && c.FailRate <= 1) {
		errs = append(errs, fmt.Errorf("receiver: FailRate must be in [0, 1], got %v", c.FailRate))
	}
	if c.Delay < 0 || c.Delay > MaxDelay {
		errs = append(errs, fmt.Errorf("receiver: Delay must be in [0, %s], got %s", MaxDelay, c.Delay))
	}
	if c.Remember < 1 || c.Remember > MaxRemember {
		errs = append(errs, fmt.Errorf("receiver: Remember must be in [1, %d], got %d", MaxRemember, c.Remember))
	}
	if c.Logger == nil {
		errs = append(errs, errors.New("receiver: Logger is nil: leave it unset for the default"))
	}
	return errors.Join(errs...)
}
