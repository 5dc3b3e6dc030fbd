package envconfig_test

import (
	"io"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/eventmesh/processor/internal/envconfig"
)

func TestReader_a_bad_LOG_LEVEL_is_an_error(t *testing.T) {
	t.Parallel()
	env := envconfig.NewFromMap(map[string]string{"LOG_LEVEL": "verbose"})
	require.NotNil(t, env.Logger(io.Discard))
	require.ErrorContains(t, env.Err(), `LOG_LEVEL="verbose"`)

	env = envconfig.NewFromMap(map[string]string{"LOG_LEVEL": "warn"})
	env.Logger(io.Discard)
	require.NoError(t, env.Err())
}

func TestReader_positive_settings_refuse_zero_and_keep_unset_as_default(t *testing.T) {
	t.Parallel()
	env := envconfig.NewFromMap(map[string]string{"A": "0", "B": "-2s", "C": "3", "D": "2s"})
	require.Zero(t, env.PositiveInt("A"))
	require.Zero(t, env.PositiveDuration("B"))
	require.Equal(t, 3, env.PositiveInt("C"))
	require.Equal(t, 2*time.Second, env.PositiveDuration("D"))
	require.Zero(t, env.PositiveInt("UNSET"))
	err := env.Err()
	require.ErrorContains(t, err, `A="0": must be positive`)
	require.ErrorContains(t, err, `B="-2s": must be positive`)
}

func TestReader_DatabaseURL_defaults_to_the_local_postgres(t *testing.T) {
	t.Parallel()
	require.Equal(t, envconfig.DefaultDatabaseURL, envconfig.NewFromMap(nil).DatabaseURL())
	require.Equal(t, "postgres://x", envconfig.NewFromMap(map[string]string{"DATABASE_URL": "postgres://x"}).DatabaseURL())
}

func TestReader_Actor_is_the_variable_or_user_at_host(t *testing.T) {
	t.Parallel()
	require.Equal(t, "ops@example", envconfig.NewFromMap(map[string]string{"POISON_ACTOR": "ops@example"}).Actor("POISON_ACTOR"))
	host, err := os.Hostname()
	require.NoError(t, err)
	require.True(t, strings.HasSuffix(envconfig.NewFromMap(nil).Actor("POISON_ACTOR"), "@"+host))
}
