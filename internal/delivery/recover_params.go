package delivery

import (
	"cmp"
	"errors"
	"fmt"
	"time"

	"github.com/eventmesh/processor/internal/subscription"
)

// Defaults and limits of RecoverParams.
const (
	// DefaultRecoverRate is the events read per second; MaxRecoverRate the
	// most accepted.
	DefaultRecoverRate = 200.0
	MaxRecoverRate     = 100_000.0
	// DefaultRecoverPage is the events read per transaction; MaxRecoverPage
	// the most accepted.
	DefaultRecoverPage = 200
	MaxRecoverPage     = 10_000
)

// RecoverParams describe a recovery of one endpoint. A zero Rate or Page
// takes its default; each has a lower limit above zero, which Validate
// checks.
type RecoverParams struct {
	// Sub is the endpoint's subscription. Required.
	Sub *subscription.Subscription
	// Since is the oldest event (by its commit in the topic table) to
	// re-deliver.
	Since time.Time
	// Rate bounds the events read per second. Default DefaultRecoverRate
	// (200); above 0 and at most MaxRecoverRate.
	Rate float64
	// Actor names who recovers; it is recorded with the action.
	Actor string
	// Page is the events read per transaction. Default DefaultRecoverPage
	// (200); between 1 and MaxRecoverPage.
	Page int
}

func (p RecoverParams) withDefaults() RecoverParams {
	p.Rate = cmp.Or(p.Rate, DefaultRecoverRate)
	p.Page = cmp.Or(p.Page, DefaultRecoverPage)
	return p
}

// Validate reports every field outside its limits, naming the field and
// the limit. Recover calls it after the defaults.
func (p RecoverParams) Validate() error {
	var errs []error
	if p.Sub == nil {
		errs = append(errs, errors.New("delivery: RecoverParams.Sub is required"))
	}
	if !(p.Rate > 0 && p.Rate <= MaxRecoverRate) {
		errs = append(errs, fmt.Errorf("delivery: RecoverParams.Rate must be in (0, %g] events per second, got %v", MaxRecoverRate, p.Rate))
	}
	if p.Page < 1 || p.Page > MaxRecoverPage {
		errs = append(errs, fmt.Errorf("delivery: RecoverParams.Page must be in [1, %d], got %d", MaxRecoverPage, p.Page))
	}
	return errors.Join(errs...)
}
