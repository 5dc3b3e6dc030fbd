package delivery

import (
	"math"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/eventmesh/processor/internal/subscription"
)

func TestRecoverParams_Validate_reports_every_bad_field_at_once(t *testing.T) {
	t.Parallel()
	sub := &subscription.Subscription{Tenant: "acme-shop", ID: "orders"}
	tests := []struct {
		name   string
		params RecoverParams
		want   []string // each in the error; none: valid
	}{
		{"defaults", RecoverParams{Sub: sub}, nil},
		{"limits", RecoverParams{Sub: sub, Rate: MaxRecoverRate, Page: MaxRecoverPage}, nil},
		{"NaN rate", RecoverParams{Sub: sub, Rate: math.NaN()}, []string{"RecoverParams.Rate must be in (0, 100000] events per second, got NaN"}},
		{"every field bad", RecoverParams{Rate: -1, Page: 20_000}, []string{
			"RecoverParams.Sub is required",
			"RecoverParams.Rate must be in (0, 100000] events per second, got -1",
			"RecoverParams.Page must be in [1, 10000], got 20000",
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			err := tt.params.withDefaults().Validate()
			if tt.want == nil {
				require.NoError(t, err)
				return
			}
			for _, want := range tt.want {
				require.ErrorContains(t, err, want)
			}
		})
	}
}

func TestListFilter_Validate(t *testing.T) {
	t.Parallel()
	require.NoError(t, ListFilter{}.withDefaults().Validate())
	require.Equal(t, DefaultListLimit, ListFilter{}.withDefaults().Limit)
	require.NoError(t, ListFilter{Limit: MaxListLimit}.Validate())
	require.EqualError(t, ListFilter{Limit: -1}.withDefaults().Validate(), "delivery: ListFilter.Limit must be in [1, 10000], got -1")
}
