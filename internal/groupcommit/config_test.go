package groupcommit_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/eventmesh/processor/internal/groupcommit"
)

func TestConfig_Validate_reports_every_bad_field_at_once(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		cfg  groupcommit.Config
		want []string // each in the error; none: valid
	}{
		{"defaults", groupcommit.Config{}, nil},
		{"explicit no wait", groupcommit.Config{MaxWait: 0, LockTimeout: time.Millisecond}, nil},
		{"too many writers", groupcommit.Config{Writers: 100}, []string{"Writers must be in [1, 64], got 100"}},
		{"lock timeout beyond commit timeout", groupcommit.Config{CommitTimeout: time.Second, LockTimeout: 2 * time.Second},
			[]string{"LockTimeout must be in [1ms, CommitTimeout 1s], got 2s"}},
		{"every field bad", groupcommit.Config{Writers: -1, MaxBatch: 6000, CommitTimeout: time.Millisecond,
			LockTimeout: -time.Second, NoProgressAfter: -time.Second, MaxWait: 2 * time.Second}, []string{
			"Writers must be in [1, 64], got -1",
			"MaxBatch must be in [1, 5000], got 6000",
			"CommitTimeout must be at least 100ms, got 1ms",
			"LockTimeout must be in [1ms, CommitTimeout 1ms], got -1s",
			"NoProgressAfter must be at least CommitTimeout 1ms, got -1s",
			"MaxWait must be in [0, 1s], got 2s",
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			err := tt.cfg.WithDefaults().Validate()
			if tt.want == nil {
				require.NoError(t, err)
				return
			}
			for _, want := range tt.want {
				require.ErrorContains(t, err, want)
			}
			_, newErr := groupcommit.New[*row](nil, tt.cfg, nil)
			require.EqualError(t, newErr, err.Error(), "New refuses the same fields")
		})
	}
}

func TestConfig_Validate_refuses_a_zero_it_is_given(t *testing.T) {
	t.Parallel()
	err := groupcommit.Config{}.Validate()
	for _, field := range []string{"Writers", "MaxBatch", "CommitTimeout", "LockTimeout", "BaseContext"} {
		require.ErrorContains(t, err, "groupcommit: "+field)
	}
}
