package secretref_test

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/eventmesh/processor/internal/secretref"
)

func TestRead_resolves_each_kind_of_reference(t *testing.T) {
	t.Parallel()
	file := filepath.Join(t.TempDir(), "secret")
	require.NoError(t, os.WriteFile(file, []byte("  from-file\n"), 0o600))
	src := secretref.Source{
		LookupEnv: func(name string) (string, bool) { return map[string]string{"SET": " from-env "}[name], name == "SET" },
		ReadFile:  os.ReadFile,
	}
	for ref, want := range map[string]string{"env:SET": "from-env", "file:" + file: "from-file"} {
		got, err := src.Read(ref)
		require.NoError(t, err, ref)
		require.Equal(t, want, got, ref)
	}
}

func TestRead_names_the_reference_of_each_failure(t *testing.T) {
	t.Parallel()
	blank := filepath.Join(t.TempDir(), "blank")
	require.NoError(t, os.WriteFile(blank, []byte(" \n"), 0o600))
	src := secretref.Source{
		LookupEnv: func(name string) (string, bool) { return "", name == "EMPTY" },
		ReadFile:  os.ReadFile,
	}
	for _, tc := range []struct{ ref, err string }{
		{"whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", `"whsec_…" must be env:NAME or file:/absolute/path (never the secret itself)`},
		{"env:", `"env:" must be env:NAME or file:/absolute/path`},
		{"file:relative/path", `"file:r…" must be env:NAME or file:/absolute/path`},
		{"env:MISSING", "env:MISSING: environment variable MISSING is not set"},
		{"env:EMPTY", "env:EMPTY is empty"},
		{"file:" + blank, "file:" + blank + " is empty"},
		{"file:/nonexistent/secret", "file:/nonexistent/secret: open /nonexistent/secret"},
	} {
		_, err := src.Read(tc.ref)
		require.ErrorContains(t, err, tc.err, tc.ref)
	}
}

func TestRead_of_an_empty_source_finds_nothing(t *testing.T) {
	t.Parallel()
	_, err := secretref.Source{}.Read("env:HOME")
	require.EqualError(t, err, "env:HOME: environment variable HOME is not set")
	_, err = secretref.Source{}.Read("file:/etc/hostname")
	require.EqualError(t, err, "file:/etc/hostname: files are not readable here")
}

func TestRead_wraps_the_file_error(t *testing.T) {
	t.Parallel()
	_, err := secretref.Environment().Read("file:/nonexistent/secret")
	require.True(t, errors.Is(err, fs.ErrNotExist), err)
}

func TestVariable_names_only_env_references(t *testing.T) {
	t.Parallel()
	name, ok := secretref.Variable("env:PRODUCER_KEY_ACME")
	require.True(t, ok)
	require.Equal(t, "PRODUCER_KEY_ACME", name)
	_, ok = secretref.Variable("file:/run/secrets/key")
	require.False(t, ok)
}
