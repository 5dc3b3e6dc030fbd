package deployments_test

import (
	"encoding/json"
	"maps"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

func TestCompose_processor_sets_only_variables_documented_in_env_template(t *testing.T) {
	t.Parallel()
	documented := envTemplate(t)
	for _, name := range slices.Sorted(maps.Keys(env(service(t, loadCompose(t), "processor")))) {
		require.Contains(t, documented, name, "the processor's %s is set in docker-compose.yaml but not documented in .env-template", name)
	}
}

// The defaults in .env-template are the local stack's: inside a container,
// every one that points at this machine (127.0.0.1) is wrong, and with an
// explicit endpoint the AWS SDK wants a region and credentials.
func TestCompose_processor_overrides_every_local_default(t *testing.T) {
	t.Parallel()
	set := env(service(t, loadCompose(t), "processor"))
	required := []string{"AWS_REGION", "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "SQS_QUEUE_NAME", "HTTP_ADDR"}
	for name, value := range envTemplate(t) {
		if strings.Contains(value, "127.0.0.1") || strings.Contains(value, "localhost") {
			required = append(required, name)
		}
	}
	for _, name := range required {
		require.NotEmpty(t, set[name], "docker-compose.yaml must set the processor's %s", name)
	}
}

func TestCompose_producers_variables_are_ones_the_producers_read(t *testing.T) {
	t.Parallel()
	out, err := exec.Command(binaries(t)["producers"], "-h").CombinedOutput()
	require.NoError(t, err, "%s", out)
	help := string(out)
	for name := range env(service(t, loadCompose(t), "producers")) {
		if strings.HasPrefix(name, "AWS_") {
			continue // read by the AWS SDK
		}
		require.Contains(t, help, "env "+name+")", "producers -h documents no variable %s", name)
	}
}

// The producers accept the Compose file's values: a dry run with its
// environment (publishing nowhere) sends what it was asked to.
func TestCompose_producers_accept_the_values_it_sets(t *testing.T) {
	t.Parallel()
	cmd := exec.Command(binaries(t)["producers"], "-dry-run", "-count", "50", "-rate", "0", "-json")
	cmd.Env = []string{}
	for name, value := range env(service(t, loadCompose(t), "producers")) {
		cmd.Env = append(cmd.Env, name+"="+value)
	}
	out, err := cmd.Output()
	require.NoError(t, err, "%s", out)
	var report struct{ Sent int }
	require.NoError(t, json.Unmarshal(out, &report))
	require.Equal(t, 50, report.Sent)
}

func TestEnvTemplate_documents_every_variable_the_processor_reads(t *testing.T) {
	t.Parallel()
	documented := envTemplate(t)
	for _, name := range readVariables(t, filepath.Join(root(t), "cmd", "processor")) {
		require.Contains(t, documented, name, "cmd/processor reads %s, which .env-template does not document", name)
	}
}
