package poisonadmin_test

import (
	"errors"
	"math"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/eventmesh/processor/internal/poisonadmin"
)

// badFilter has every field that can be wrong wrong.
var badFilter = poisonadmin.Filter{
	IDs: []string{"ab", "XYZW"}, Class: "nonsense", Status: "gone",
	Since: time.Unix(100, 0), Until: time.Unix(50, 0), Text: strings.Repeat("x", 2000),
}

// badFilterFaults are what Validate reports of badFilter.
var badFilterFaults = []string{
	`record id "ab": want a record uuid or a prefix of at least 4 characters`,
	`record id "XYZW": only lowercase hex digits`,
	`unknown error class "nonsense"`,
	`unknown status "gone"`,
	"empty time range",
	"text filter of 2000 bytes exceeds 1024 bytes",
}

func TestValidate_reports_every_bad_option_at_once_as_one_usage_error(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		err  error
		want []string // each in the error; none: valid
	}{
		{"filter ok", poisonadmin.Filter{Tenant: "acme"}.Validate(), nil},
		{"filter", badFilter.Validate(), badFilterFaults},
		{"replay ok", poisonadmin.ReplayOptions{All: true, Rate: 1}.Validate(), nil},
		{"replay", poisonadmin.ReplayOptions{Rate: math.NaN(), Limit: -1}.Validate(), []string{
			"no records selected", "rate NaN is outside (0, 10000] messages per second", "limit -1 is negative",
		}},
		{"replay filter", poisonadmin.ReplayOptions{Filter: badFilter, Rate: 1}.Validate(), badFilterFaults},
		{"discard ok", poisonadmin.DiscardOptions{All: true, Reason: "fixed upstream"}.Validate(), nil},
		{"discard", poisonadmin.DiscardOptions{Reason: " "}.Validate(), []string{
			"no records selected", "a discard needs a reason (--reason)",
		}},
		{"discard long reason", poisonadmin.DiscardOptions{Filter: badFilter, Reason: strings.Repeat("r", 1001)}.Validate(),
			append([]string{"reason of 1001 bytes exceeds 1000 bytes"}, badFilterFaults...)},
		{"list ok", poisonadmin.ListOptions{Limit: poisonadmin.MaxListLimit}.Validate(), nil},
		{"list", poisonadmin.ListOptions{Filter: badFilter, Limit: 0}.Validate(),
			append([]string{"limit 0 is outside [1, 1000]"}, badFilterFaults...)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			if tt.want == nil {
				require.NoError(t, tt.err)
				return
			}
			var usage *poisonadmin.UsageError
			require.True(t, errors.As(tt.err, &usage), "%v is not a *UsageError", tt.err)
			for _, want := range tt.want {
				require.ErrorContains(t, tt.err, want)
			}
		})
	}
}

func TestConfig_Validate_reports_every_bad_field_at_once(t *testing.T) {
	t.Parallel()
	err := poisonadmin.Config{Actor: strings.Repeat("a", 300), QueueName: strings.Repeat("q", 81)}.Validate()
	for _, want := range []string{
		"poisonadmin: Pool is required",
		"poisonadmin: Actor of 300 bytes exceeds 256 bytes",
		"poisonadmin: QueueName of 81 characters exceeds the SQS limit of 80",
	} {
		require.ErrorContains(t, err, want)
	}
}
