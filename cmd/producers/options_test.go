package main

import (
	"io"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/eventmesh/processor/internal/envconfig"
	"github.com/eventmesh/processor/internal/producer"
)

func TestParseOptions_flags_win_over_the_environment(t *testing.T) {
	t.Parallel()
	env := envconfig.NewFromMap(map[string]string{
		"PRODUCERS_RATE": "10", "PRODUCERS_COUNT": "20", "PRODUCERS_DURATION": "1m", "SQS_QUEUE_NAME": "from-env",
	})
	o, err := parseOptions([]string{"-rate", "500", "-seed", "9"}, env, io.Discard)
	require.NoError(t, err)
	require.Equal(t, 500.0, o.rate)
	require.Equal(t, 20, o.count)
	require.Equal(t, time.Minute, o.duration)
	require.Equal(t, "from-env", o.queue)
	require.EqualValues(t, 9, o.seed)
}

func TestParseOptions_epoch_from_the_environment_or_the_flag(t *testing.T) {
	t.Parallel()
	env := envconfig.NewFromMap(map[string]string{"PRODUCERS_EPOCH": "2026-03-01T12:00:00Z"})
	o, err := parseOptions(nil, env, io.Discard)
	require.NoError(t, err)
	require.Equal(t, time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC), o.epoch)

	o, err = parseOptions([]string{"-epoch", "2026-04-01T00:00:00.5Z"}, env, io.Discard)
	require.NoError(t, err)
	require.Equal(t, time.Date(2026, 4, 1, 0, 0, 0, 5e8, time.UTC), o.epoch)

	_, err = parseOptions(nil, envconfig.NewFromMap(map[string]string{"PRODUCERS_EPOCH": "yesterday"}), io.Discard)
	require.ErrorContains(t, err, "PRODUCERS_EPOCH")
}

func TestParseOptions_reports_a_malformed_variable_by_name(t *testing.T) {
	t.Parallel()
	_, err := parseOptions(nil, envconfig.NewFromMap(map[string]string{"PRODUCERS_LEGACY": "0.1"}), io.Discard)
	require.ErrorContains(t, err, "PRODUCERS_LEGACY")
}

func TestOptions_mix(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name string
		opts options
		want producer.Mix
		err  string
	}{
		{
			name: "invalid share spread over every kind",
			opts: options{invalid: 0.09, duplicates: 0.02, legacyShare: 0.1},
			want: producer.Mix{Invalid: producer.SpreadInvalid(0.09, producer.InvalidKinds...), Duplicates: 0.02, Legacy: 0.1},
		},
		{
			name: "kinds given one by one",
			opts: options{invalid: 0.5, invalidKinds: "plain_text=0.1, schema_violation=0.2"},
			want: producer.Mix{Invalid: map[producer.Kind]float64{producer.KindPlainText: 0.1, producer.KindSchemaViolation: 0.2}},
		},
		{
			name: "legacy mode",
			opts: options{legacy: true, invalid: 0.05, duplicates: 0.5, legacyShare: 0.2},
			want: producer.LegacyMix(0.05),
		},
		{name: "unknown kind", opts: options{invalidKinds: "valid=0.1"}, err: `unknown invalid kind "valid"`},
		{name: "not kind=share", opts: options{invalidKinds: "plain_text"}, err: `"plain_text" is not kind=share`},
		{name: "bad share", opts: options{invalidKinds: "plain_text=lots"}, err: "share of plain_text"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			mix, err := tc.opts.mix()
			if tc.err != "" {
				require.ErrorContains(t, err, tc.err)
				return
			}
			require.NoError(t, err)
			require.InDeltaMapValues(t, tc.want.Invalid, mix.Invalid, 1e-12)
			mix.Invalid, tc.want.Invalid = nil, nil
			require.Equal(t, tc.want, mix)
		})
	}
}
