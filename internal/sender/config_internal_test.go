package sender

import (
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

func TestConfig_defaults_are_valid_and_Validate_names_every_bad_field(t *testing.T) {
	t.Parallel()
	require.NoError(t, Config{DatabaseURL: "postgres://x"}.withDefaults().Validate())

	bad := Config{DatabaseURL: "", Concurrency: -1, Lease: 10 * time.Second, Jitter: 1.5,
		Schedule: []time.Duration{0, -time.Second}}.withDefaults()
	err := bad.Validate()
	require.Error(t, err)
	for _, want := range []string{"DatabaseURL is required", "Concurrency -1", "Lease 10s must exceed RequestTimeout 15s",
		"Schedule[1] -1s", "Jitter 1.5"} {
		require.ErrorContains(t, err, want)
	}
}
