package producer

import (
	"errors"
	"fmt"
	"maps"
	"slices"
	"time"
)

// Mix is the composition of a workload. Shares are fractions of all the
// messages; the rest are valid events.
type Mix struct {
	// Invalid is the share of each invalid kind; a kind not in the map is
	// never generated. Default: none.
	Invalid map[Kind]float64
	// Duplicates is the share of exact re-sends of valid CloudEvents events
	// already generated. Default 0.
	Duplicates float64
	// Legacy is the share of valid events sent in the original system's
	// format, for the tenants whose registry has the "legacy" producer.
	// Default 0: every valid event is a CloudEvents event.
	Legacy float64
	// Epoch is the time of the first event; each next event is 1 ms later,
	// whatever the rate, so that a seed and an epoch reproduce the bodies
	// byte for byte (a replay is then absorbed as duplicates). Default: the
	// time NewWorkload is called, to the millisecond.
	Epoch time.Time
	// BodySize pads the data of valid events so that their bodies weigh about
	// this many bytes, where the schemas leave room for it. Default 0: the
	// samples as they are.
	BodySize int
}

// MaxBodySize is the largest Mix.BodySize: SQS's limit on a message body.
const MaxBodySize = 256 * 1024

// SpreadInvalid returns invalid shares adding up to total, split evenly
// over kinds.
func SpreadInvalid(total float64, kinds ...Kind) map[Kind]float64 {
	shares := make(map[Kind]float64, len(kinds))
	for _, k := range kinds {
		shares[k] = total / float64(len(kinds))
	}
	return shares
}

// LegacyMix is the original system's workload: every valid event in its
// format, and a share invalid of plain-text bad messages.
func LegacyMix(invalid float64) Mix {
	return Mix{Legacy: 1, Invalid: map[Kind]float64{KindPlainText: invalid}}
}

// InvalidShare is the sum of the invalid shares.
func (m Mix) InvalidShare() float64 {
	total := 0.0
	for _, s := range m.Invalid {
		total += s
	}
	return total
}

// Validate reports every invalid field, naming it and its limit.
func (m Mix) Validate() error {
	var errs []error
	for _, k := range slices.Sorted(maps.Keys(m.Invalid)) {
		if !k.Invalid() {
			errs = append(errs, fmt.Errorf("producer: Mix.Invalid: %q is not an invalid kind", k))
		}
		if s := m.Invalid[k]; !isShare(s) {
			errs = append(errs, fmt.Errorf("producer: Mix.Invalid[%s] must be in [0, 1], got %v", k, s))
		}
	}
	if !isShare(m.Duplicates) {
		errs = append(errs, fmt.Errorf("producer: Mix.Duplicates must be in [0, 1], got %v", m.Duplicates))
	}
	if sum := m.InvalidShare() + m.Duplicates; sum > 1 {
		errs = append(errs, fmt.Errorf("producer: the invalid and duplicate shares add up to %v, more than 1", sum))
	}
	if !isShare(m.Legacy) {
		errs = append(errs, fmt.Errorf("producer: Mix.Legacy must be in [0, 1], got %v", m.Legacy))
	}
	if err := checkBodySize(m.BodySize); err != nil {
		errs = append(errs, err)
	}
	return errors.Join(errs...)
}

// isShare reports whether s is a fraction in [0, 1]; NaN is not.
func isShare(s float64) bool {
	return s >= 0 && s <= 1
}

func checkBodySize(n int) error {
	if n < 0 || n > MaxBodySize {
		return fmt.Errorf("producer: Mix.BodySize must be in [0, %d], got %d", MaxBodySize, n)
	}
	return nil
}
