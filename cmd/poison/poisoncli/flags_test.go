package poisoncli_test

import (
	"bytes"
	"net"
	"path/filepath"
	"sync/atomic"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/stretchr/testify/require"

	"github.com/eventmesh/processor/cmd/poison/poisoncli"
	"github.com/eventmesh/processor/internal/exitcode"
)

// fakePostgres is a listener that counts connections and closes them: a
// command that reaches it fails with a connection error, not a usage one.
func fakePostgres(t *testing.T) (url string, connections *atomic.Int64) {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	t.Cleanup(func() { _ = ln.Close() })
	connections = &atomic.Int64{}
	go func() {
		for {
			conn, err := ln.Accept()
			if err != nil {
				return
			}
			connections.Add(1)
			_ = conn.Close()
		}
	}()
	return "postgres://u@" + ln.Addr().String() + "/db?sslmode=disable&connect_timeout=2", connections
}

// runWithoutServices runs the command line with no Postgres, no SQS and
// schemas that do not exist: only a check of the flags can answer it.
func runWithoutServices(t *testing.T, args ...string) (error, int64) {
	t.Helper()
	url, connections := fakePostgres(t)
	var out bytes.Buffer
	err := poisoncli.Run(t.Context(), poisoncli.Config{
		DatabaseURL: url, AWS: aws.Config{}, QueueName: "events", SchemaDir: filepath.Join(t.TempDir(), "missing"),
		Actor: "cli-tester", Stdout: &out, Stderr: &out,
		Now: func() time.Time { return time.Date(2026, 3, 2, 10, 0, 0, 0, time.UTC) },
	}, args)
	return err, connections.Load()
}

func TestCLI_refuses_each_bad_flag_before_loading_schemas_or_connecting(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		args []string
		err  string
	}{
		{[]string{"replay", "--all", "--rate", "NaN"}, "--rate must be in (0, 10000] messages per second, got NaN"},
		{[]string{"replay", "--all", "--rate", "Inf"}, "--rate must be in (0, 10000] messages per second, got +Inf"},
		{[]string{"replay", "--all", "--rate", "-1"}, "--rate must be in (0, 10000] messages per second, got -1"},
		{[]string{"replay", "--all", "--rate", "1e400"}, `invalid value "1e400" for flag -rate: value out of range`},
		{[]string{"replay", "--all", "--limit", "-1"}, "--limit must be >= 0 (0 for no limit), got -1"},
		{[]string{"replay", "--all", "--queue", ""}, "--queue must not be empty"},
		{[]string{"replay", "--since", "-5m"}, `--since "-5m": want an RFC 3339 time`},
		{[]string{"replay"}, "no records selected"},
		{[]string{"list", "--limit", "-1"}, "--limit must be in [1, 1000], got -1"},
		{[]string{"list", "--limit", "5000"}, "--limit must be in [1, 1000], got 5000"},
		{[]string{"list", "--status", "gone"}, `unknown status "gone"`},
		{[]string{"stats", "--until", "yesterday"}, `--until "yesterday"`},
		{[]string{"discard", "--all"}, "a discard needs a reason (--reason)"},
		{[]string{"discard", "--reason", "x"}, "no records selected"},
		{[]string{"show", "abcd", "XYZ!"}, `record id "XYZ!"`},
		{[]string{"list", "--no-such-flag"}, "flag provided but not defined: -no-such-flag"},
	} {
		t.Run(tc.err, func(t *testing.T) {
			t.Parallel()
			err, connections := runWithoutServices(t, tc.args...)
			require.ErrorContains(t, err, tc.err)
			require.Equal(t, exitcode.Usage, poisoncli.ExitCode(err), err)
			require.Zero(t, connections, "Postgres was not reached")
		})
	}
}

func TestCLI_reports_every_bad_flag_at_once(t *testing.T) {
	t.Parallel()
	err, connections := runWithoutServices(t, "replay", "--rate", "NaN", "--limit", "-1", "--since", "soon", "--until", "later")
	for _, want := range []string{"--rate must be", "--limit must be", `--since "soon"`, `--until "later"`} {
		require.ErrorContains(t, err, want)
	}
	require.Equal(t, exitcode.Usage, poisoncli.ExitCode(err))
	require.Zero(t, connections)
}

// TestCLI_valid_flags_reach_Postgres shows that the listener of the tests
// above would have seen a command that got past its flags.
func TestCLI_valid_flags_reach_Postgres(t *testing.T) {
	t.Parallel()
	err, connections := runWithoutServices(t, "list", "--limit", "1000")
	require.Equal(t, exitcode.Failure, poisoncli.ExitCode(err), err)
	require.Positive(t, connections)
}
