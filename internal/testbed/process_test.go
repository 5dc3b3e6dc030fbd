package testbed_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/eventmesh/processor/internal/testbed"
)

func TestStart_reports_the_exit_code(t *testing.T) {
	t.Parallel()
	p, err := testbed.Start(testbed.Command{
		Path: self(t), Env: []string{childRole + "=exit:3"}, LogPath: filepath.Join(t.TempDir(), "child.log"),
	})
	require.NoError(t, err)
	code, ok := p.Wait(time.Minute)
	require.True(t, ok)
	require.Equal(t, 3, code)
	exited, code := p.Exited()
	require.True(t, exited)
	require.Equal(t, 3, code)
	require.Error(t, p.Stop(time.Second), "a failed exit is an error of Stop")
}

func TestStart_of_a_missing_binary_is_an_error(t *testing.T) {
	t.Parallel()
	_, err := testbed.Start(testbed.Command{Path: filepath.Join(t.TempDir(), "nothing"), LogPath: filepath.Join(t.TempDir(), "log")})
	require.ErrorContains(t, err, "start nothing")
}

func TestProcessor_is_ready_and_stops_cleanly_on_SIGTERM(t *testing.T) {
	t.Parallel()
	log := filepath.Join(t.TempDir(), "processor.log")
	p, err := testbed.StartProcessor(self(t), log, map[string]string{childRole: "processor"})
	require.NoError(t, err)
	t.Cleanup(p.Kill)
	require.NoError(t, p.WaitReady(t.Context(), time.Minute))
	require.Equal(t, "http://"+p.Addr(), p.URL())
	u, err := p.Usage()
	require.NoError(t, err)
	require.Positive(t, u.PeakRSS)
	require.NoError(t, p.Stop(time.Minute))
	exited, code := p.Exited()
	require.True(t, exited)
	require.Zero(t, code)
	require.Equal(t, log, p.LogPath())
}

func TestProcessor_that_exits_is_never_ready(t *testing.T) {
	t.Parallel()
	p, err := testbed.StartProcessor(self(t), filepath.Join(t.TempDir(), "processor.log"), map[string]string{childRole: "exit:2"})
	require.NoError(t, err)
	require.ErrorContains(t, p.WaitReady(t.Context(), time.Minute), "exited with code 2 before it was ready")
}

func TestProcessor_gets_a_clean_environment(t *testing.T) {
	t.Setenv("TESTBED_LEAK", "leaked")
	p, err := testbed.StartProcessor(self(t), filepath.Join(t.TempDir(), "processor.log"), map[string]string{childRole: "processor"})
	require.NoError(t, err)
	t.Cleanup(p.Kill)
	require.NoError(t, p.WaitReady(t.Context(), time.Minute))
	environ, err := os.ReadFile(filepath.Join("/proc", itoa(p.Pid()), "environ"))
	require.NoError(t, err)
	require.NotContains(t, string(environ), "TESTBED_LEAK")
	require.Contains(t, string(environ), "HTTP_ADDR="+p.Addr())
}

func TestProcess_LogTail_is_the_last_lines_of_a_long_log(t *testing.T) {
	t.Parallel()
	p, err := testbed.Start(testbed.Command{
		Path: "/bin/sh", Args: []string{"-c", "seq 1 20000"},
		LogPath: filepath.Join(t.TempDir(), "seq.log"),
	})
	require.NoError(t, err)
	<-p.Done()
	require.Equal(t, "19998\n19999\n20000", p.LogTail(3))
	lines := strings.Split(p.LogTail(100_000), "\n")
	require.Less(t, len(lines), 12_000, "only the log's last 64 KiB are read")
	require.Equal(t, "20000", lines[len(lines)-1])
}
