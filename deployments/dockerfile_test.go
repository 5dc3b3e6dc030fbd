package deployments_test

import (
	"debug/elf"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

func TestDockerfile_builds_every_command(t *testing.T) {
	t.Parallel()
	require.ElementsMatch(t, commands(t), dockerfileBuilds(t), "the Dockerfile's go build must list every cmd/ binary")
}

func TestDockerfile_builds_with_the_go_version_of_go_mod(t *testing.T) {
	t.Parallel()
	mod, err := os.ReadFile(filepath.Join(root(t), "go.mod"))
	require.NoError(t, err)
	goVersion := regexp.MustCompile(`(?m)^go ([0-9.]+)$`).FindSubmatch(mod)
	require.NotNil(t, goVersion, "go.mod has a go directive")
	require.Equal(t, string(goVersion[1]), parseDockerfile(t).args["GO_VERSION"])
}

func TestDockerfile_runtime_image_is_small_static_and_not_root(t *testing.T) {
	t.Parallel()
	d := parseDockerfile(t)
	require.GreaterOrEqual(t, len(d.stages), 2, "multi-stage")
	final := d.stages[len(d.stages)-1]
	require.Regexp(t, `^(alpine:[0-9.]+|gcr\.io/distroless/static[-a-z0-9]*(:[a-z0-9-]+)?|scratch)$`, d.expand(final.from))
	user := final.last("USER")
	require.NotEmpty(t, user, "the runtime stage sets USER")
	uid, _, _ := strings.Cut(user, ":")
	require.NotContains(t, []string{"0", "root"}, uid)
	require.Contains(t, d.stages[0].all("ENV"), "CGO_ENABLED=0 GOFLAGS=-trimpath", "static binaries")
}

// The same targets as the Dockerfile's build, here: static binaries.
func TestDockerfile_targets_build_as_static_binaries(t *testing.T) {
	t.Parallel()
	for name, path := range binaries(t) {
		f, err := elf.Open(path)
		require.NoError(t, err)
		libs, err := f.ImportedLibraries()
		require.NoError(t, err)
		require.Empty(t, libs, "%s links no shared library", name)
		require.False(t, slices.ContainsFunc(f.Progs, func(p *elf.Prog) bool { return p.Type == elf.PT_INTERP }), "%s needs no dynamic loader", name)
		require.NoError(t, f.Close())
	}
}
