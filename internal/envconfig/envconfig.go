// Package envconfig reads typed settings from environment variables for the
// commands in cmd/; packages below cmd/ receive plain values, never the
// environment. Every malformed variable is reported, each by name.
package envconfig

import (
	"errors"
	"fmt"
	"os"
	"strconv"
	"time"
)

// Reader reads variables and collects the errors of malformed ones.
type Reader struct {
	lookup func(string) (string, bool)
	errs   []error
}

// New returns a Reader of the process environment.
func New() *Reader {
	return &Reader{lookup: os.LookupEnv}
}

// NewFromMap returns a Reader of vars (for tests).
func NewFromMap(vars map[string]string) *Reader {
	return &Reader{lookup: func(k string) (string, bool) { v, ok := vars[k]; return v, ok }}
}

// Lookup returns the variable and whether it is set, even to "".
func (r *Reader) Lookup(name string) (string, bool) {
	return r.lookup(name)
}

// String returns the variable, or def when it is unset or empty.
func (r *Reader) String(name, def string) string {
	if v, _ := r.lookup(name); v != "" {
		return v
	}
	return def
}

// Int returns the variable as an int, or def when it is unset or empty.
func (r *Reader) Int(name string, def int) int {
	return parse(r, name, def, strconv.Atoi)
}

// Float returns the variable as a float64, or def when it is unset or empty.
func (r *Reader) Float(name string, def float64) float64 {
	return parse(r, name, def, func(s string) (float64, error) { return strconv.ParseFloat(s, 64) })
}

// Duration returns the variable (Go syntax: "30s", "1m30s"), or def.
func (r *Reader) Duration(name string, def time.Duration) time.Duration {
	return parse(r, name, def, time.ParseDuration)
}

// PositiveInt returns the variable when it is a positive int, or 0 when it
// is unset or empty, for a setting whose zero means "the default": an
// explicit 0 or a negative value is an error, never silently the default.
func (r *Reader) PositiveInt(name string) int {
	return positive(r, name, strconv.Atoi)
}

// PositiveDuration is PositiveInt for a duration ("30s", "1m30s").
func (r *Reader) PositiveDuration(name string) time.Duration {
	return positive(r, name, time.ParseDuration)
}

// errNotPositive is the error of a PositiveInt or PositiveDuration set to 0
// or less.
var errNotPositive = errors.New("must be positive (unset it for the default)")

func positive[T int | time.Duration](r *Reader, name string, conv func(string) (T, error)) T {
	return parse(r, name, 0, func(v string) (T, error) {
		out, err := conv(v)
		if err == nil && out <= 0 {
			return 0, errNotPositive
		}
		return out, err
	})
}

// Bool returns the variable (1/0, true/false), or def.
func (r *Reader) Bool(name string, def bool) bool {
	return parse(r, name, def, strconv.ParseBool)
}

// Err reports every malformed variable read so far.
func (r *Reader) Err() error {
	return errors.Join(r.errs...)
}

func parse[T any](r *Reader, name string, def T, conv func(string) (T, error)) T {
	v, _ := r.lookup(name)
	if v == "" {
		return def
	}
	out, err := conv(v)
	if err != nil {
		r.errs = append(r.errs, fmt.Errorf("environment variable %s=%q: %w", name, v, err))
		return def
	}
	return out
}
