package deployments_test

import (
	"fmt"
	"maps"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/compose-spec/compose-go/v2/types"
	"github.com/stretchr/testify/require"
)

func TestCompose_runs_postgres_sqs_processor_producers_sender_receiver_prometheus_and_grafana(t *testing.T) {
	t.Parallel()
	p := loadCompose(t)
	require.ElementsMatch(t, []string{"postgres", "sqs", "processor", "producers", "sender", "receiver", "prometheus", "grafana"}, p.ServiceNames())
}

// localImage is the image the Compose file builds from deployments/Dockerfile.
const localImage = "eventmesh/processor:local"

func TestCompose_builds_the_image_once_and_never_pulls_it(t *testing.T) {
	t.Parallel()
	p := loadCompose(t)
	var builders []string
	for _, s := range p.Services {
		if s.Build != nil {
			builders = append(builders, s.Name)
			require.Equal(t, localImage, s.Image, "service %s builds the local image", s.Name)
			require.Equal(t, types.PullPolicyBuild, s.PullPolicy, "service %s always builds, never pulls %s", s.Name, localImage)
			continue
		}
		if s.Image == localImage {
			require.Equal(t, types.PullPolicyNever, s.PullPolicy, "service %s runs the built image, never a pulled one", s.Name)
		}
	}
	// Two services building the same image export it in parallel, and the
	// second export fails with "image ... already exists".
	require.Equal(t, []string{"processor"}, builders, "exactly one service builds %s", localImage)
}

func TestCompose_images_are_pinned(t *testing.T) {
	t.Parallel()
	p := loadCompose(t)
	for _, s := range p.Services {
		if s.Build != nil {
			require.Equal(t, "deployments/Dockerfile", s.Build.Dockerfile, "service %s", s.Name)
			continue
		}
		if s.Image == localImage {
			continue
		}
		name, tag, ok := strings.Cut(s.Image, ":")
		tag = strings.TrimPrefix(tag, "v")
		require.True(t, ok, "service %s: image %q has no tag", s.Name, s.Image)
		require.Regexp(t, `^[0-9]+(\.[0-9]+)+(-[a-z0-9.]+)?$`, tag, "service %s: image %q is not pinned to a version", s.Name, s.Image)
		switch name {
		case "softwaremill/elasticmq-native":
			require.True(t, versionAtLeast(tag, 1, 4), "ElasticMQ speaks the SQS JSON protocol from 1.4.0 on, got %s", tag)
		case "localstack/localstack":
			require.Equal(t, "4.14.0", tag, "later LocalStack images need an auth token")
		}
	}
}

func TestCompose_nothing_starts_before_what_it_needs_is_healthy(t *testing.T) {
	t.Parallel()
	p := loadCompose(t)
	needs := map[string][]string{"processor": {"postgres", "sqs"}, "producers": {"processor"}, "grafana": {"prometheus"},
		"sender": {"processor", "receiver"}}
	for name, deps := range needs {
		s := service(t, p, name)
		require.ElementsMatch(t, deps, slices.Collect(maps.Keys(s.DependsOn)), "depends_on of %s", name)
		for _, dep := range deps {
			require.Equal(t, types.ServiceConditionHealthy, s.DependsOn[dep].Condition, "%s waits for %s", name, dep)
			hc := service(t, p, dep).HealthCheck
			require.NotNil(t, hc, "%s has a health check", dep)
			require.False(t, hc.Disable)
			require.NotEmpty(t, hc.Test)
		}
	}
}

func TestCompose_processor_health_check_asks_readyz_on_its_HTTP_port(t *testing.T) {
	t.Parallel()
	p := loadCompose(t)
	processor := service(t, p, "processor")
	port := addrPort(t, env(processor)["HTTP_ADDR"])
	require.Equal(t, []string{"CMD", "wget", "-q", "-O", "/dev/null", "http://127.0.0.1:" + port + "/readyz"}, []string(processor.HealthCheck.Test))
	require.True(t, publishes(processor, port), "the processor publishes its HTTP port %s (/healthz, /readyz, /metrics)", port)
}

func TestCompose_processor_and_producers_reach_postgres_and_sqs_by_service_name(t *testing.T) {
	t.Parallel()
	p := loadCompose(t)
	processor, producers := env(service(t, p, "processor")), env(service(t, p, "producers"))

	host, port := hostPort(t, processor["DATABASE_URL"])
	require.Equal(t, "postgres", host)
	require.True(t, exposes(service(t, p, "postgres"), port), "postgres listens on %s", port)
	require.Contains(t, processor["DATABASE_URL"], ":"+env(service(t, p, "postgres"))["POSTGRES_PASSWORD"]+"@")

	host, port = hostPort(t, processor["AWS_ENDPOINT_URL_SQS"])
	require.Equal(t, "sqs", host)
	require.True(t, exposes(service(t, p, "sqs"), port), "sqs listens on %s", port)

	for _, name := range []string{"AWS_ENDPOINT_URL_SQS", "AWS_REGION", "SQS_QUEUE_NAME"} {
		require.Equal(t, processor[name], producers[name], "processor and producers agree on %s", name)
	}
}

func TestCompose_services_run_binaries_the_image_has(t *testing.T) {
	t.Parallel()
	p := loadCompose(t)
	built := dockerfileBuilds(t)
	for _, name := range []string{"processor", "producers", "sender", "receiver"} {
		s := service(t, p, name)
		require.NotEmpty(t, s.Command, "%s names its binary", name)
		require.Contains(t, built, s.Command[0], "the Dockerfile builds %s", s.Command[0])
		require.Equal(t, localImage, s.Image, "one image for every binary")
	}
}

func TestCompose_docker_compose_config_accepts_it(t *testing.T) {
	t.Parallel()
	if exec.Command("docker", "compose", "version").Run() != nil {
		// Our machines have the docker client without the compose plugin;
		// loadCompose runs the same loader and validation (compose-go).
		t.Skip("docker compose is not installed; compose-go validated the file in the other tests")
	}
	out, err := exec.Command("docker", "compose", "-f", filepath.Join(root(t), "deployments", "docker-compose.yaml"), "config", "-q").CombinedOutput()
	require.NoError(t, err, "%s", out)
}

// exposes reports whether a service listens on port: a port it publishes,
// or the default port of its image.
func exposes(s types.ServiceConfig, port string) bool {
	defaults := map[string]string{"postgres": "5432", "softwaremill/elasticmq-native": "9324"}
	image, _, _ := strings.Cut(s.Image, ":")
	return publishes(s, port) || defaults[image] == port
}

// publishes reports whether a service publishes its container port.
func publishes(s types.ServiceConfig, port string) bool {
	return slices.ContainsFunc(s.Ports, func(p types.ServicePortConfig) bool { return fmt.Sprint(p.Target) == port })
}

var version = regexp.MustCompile(`^([0-9]+)\.([0-9]+)`)

func versionAtLeast(tag string, major, minor int) bool {
	m := version.FindStringSubmatch(tag)
	if m == nil {
		return false
	}
	maj, _ := strconv.Atoi(m[1])
	mnr, _ := strconv.Atoi(m[2])
	return maj > major || maj == major && mnr >= minor
}
