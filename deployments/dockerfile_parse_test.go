package deployments_test

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// dockerfile is the little of a Dockerfile the tests need: global ARG
// defaults and, per stage, its base and instructions.
type dockerfile struct {
	args   map[string]string
	stages []stage
}

type stage struct {
	from         string
	instructions [][2]string // keyword (upper case), arguments
}

// parseDockerfile reads deployments/Dockerfile: comments dropped, lines
// joined at a trailing backslash.
func parseDockerfile(t *testing.T) dockerfile {
	t.Helper()
	raw, err := os.ReadFile(filepath.Join(root(t), "deployments", "Dockerfile"))
	require.NoError(t, err)
	d := dockerfile{args: map[string]string{}}
	text := regexp.MustCompile(`\\\n\s*`).ReplaceAllString(string(raw), "")
	for line := range strings.Lines(text) {
		line = strings.TrimSpace(line)
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		keyword, args, _ := strings.Cut(line, " ")
		d.add(strings.ToUpper(keyword), strings.TrimSpace(args))
	}
	return d
}

func (d *dockerfile) add(keyword, args string) {
	switch {
	case keyword == "FROM":
		from, _, _ := strings.Cut(args, " ")
		d.stages = append(d.stages, stage{from: from})
	case keyword == "ARG" && len(d.stages) == 0:
		name, value, _ := strings.Cut(args, "=")
		d.args[name] = value
	case len(d.stages) > 0:
		s := &d.stages[len(d.stages)-1]
		s.instructions = append(s.instructions, [2]string{keyword, args})
	}
}

// expand replaces ${NAME} by the global ARG defaults.
func (d dockerfile) expand(s string) string {
	return regexp.MustCompile(`\$\{([A-Z_]+)\}`).ReplaceAllStringFunc(s, func(ref string) string {
		return d.args[ref[2:len(ref)-1]]
	})
}

func (s stage) all(keyword string) []string {
	var out []string
	for _, in := range s.instructions {
		if in[0] == keyword {
			out = append(out, in[1])
		}
	}
	return out
}

func (s stage) last(keyword string) string {
	all := s.all(keyword)
	if len(all) == 0 {
		return ""
	}
	return all[len(all)-1]
}

// dockerfileBuilds returns the commands the build stage's go build builds.
func dockerfileBuilds(t *testing.T) []string {
	t.Helper()
	var built []string
	for _, run := range parseDockerfile(t).stages[0].all("RUN") {
		for _, m := range regexp.MustCompile(`\./cmd/([a-z0-9_-]+)`).FindAllStringSubmatch(run, -1) {
			built = append(built, m[1])
		}
	}
	require.NotEmpty(t, built, "the build stage runs go build ./cmd/...")
	return built
}
