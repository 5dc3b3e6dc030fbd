package bench

import (
	"bytes"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// processorLines prints the header of cfg and returns its lines that
// describe the processors.
func processorLines(t *testing.T, cfg Config) []string {
	t.Helper()
	var out bytes.Buffer
	cfg.Out, cfg.DatabaseURL = &out, "postgres://bench@127.0.0.1:1/none" // no server: the version is "unknown"
	r := &runner{cfg: cfg.withDefaults(), workload: &Workload{}}
	r.header()
	var lines []string
	for line := range strings.Lines(out.String()) {
		if strings.HasPrefix(line, "processor") {
			lines = append(lines, strings.TrimSuffix(line, "\n"))
		}
	}
	return lines
}

func TestHeader_names_the_environment_each_processor_runs_with(t *testing.T) {
	t.Parallel()
	tuned := map[string]string{"SQS_WAIT_TIME": "1s", "GOGC": "200"}
	for _, tc := range []struct {
		name string
		cfg  Config
		want []string
	}{
		{"defaults", Config{Phases: []string{PhaseProcessor}}, []string{
			"processor: go build ./cmd/processor, configuration defaults",
		}},
		{"processor-b with ProcessorEnv when CompareEnv is empty", Config{Phases: []string{PhaseCompare}, ProcessorEnv: tuned}, []string{
			"processor: go build ./cmd/processor, configuration GOGC=200, SQS_WAIT_TIME=1s",
			"processor-b: the same build, configuration GOGC=200, SQS_WAIT_TIME=1s",
		}},
		{"delayed processor-b with CompareEnv", Config{
			Phases: []string{PhaseProcessor, "processor-b-20ms"}, CompareBin: "/tmp/old-processor", CompareEnv: map[string]string{"GOGC": "400"},
		}, []string{
			"processor: go build ./cmd/processor, configuration defaults",
			"processor-b: /tmp/old-processor, configuration GOGC=400",
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			require.Equal(t, tc.want, processorLines(t, tc.cfg))
		})
	}
}
