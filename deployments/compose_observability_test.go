package deployments_test

import (
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/compose-spec/compose-go/v2/types"
	"github.com/stretchr/testify/require"
	"go.yaml.in/yaml/v3"
)

func TestCompose_prometheus_runs_the_release_of_the_promtool_that_checks_the_rules(t *testing.T) {
	t.Parallel()
	prometheus := service(t, loadCompose(t), "prometheus")
	// Prometheus v3.X.Y is the Go module version v0.3XX.Y.
	m := regexp.MustCompile(`^v0\.3([0-9]{2})\.([0-9]+)$`).FindStringSubmatch(promtoolVersion)
	require.NotNil(t, m, "promtool version %s", promtoolVersion)
	minor, _ := strconv.Atoi(m[1])
	require.Equal(t, "prom/prometheus:v3."+strconv.Itoa(minor)+"."+m[2], prometheus.Image)
}

func TestCompose_prometheus_scrapes_the_processor_and_the_sender_and_loads_the_alert_rules(t *testing.T) {
	t.Parallel()
	p := loadCompose(t)
	prometheus := service(t, p, "prometheus")
	dir := filepath.Join(root(t), "deployments", "prometheus")
	for _, file := range []string{"prometheus.yml", "alerts.yml"} {
		require.True(t, mounts(prometheus, filepath.Join(dir, file), "/etc/prometheus/"+file), "prometheus mounts %s", file)
	}

	var cfg struct {
		RuleFiles     []string `yaml:"rule_files"`
		ScrapeConfigs []struct {
			JobName       string `yaml:"job_name"`
			MetricsPath   string `yaml:"metrics_path"`
			StaticConfigs []struct {
				Targets []string `yaml:"targets"`
			} `yaml:"static_configs"`
		} `yaml:"scrape_configs"`
	}
	raw, err := os.ReadFile(filepath.Join(dir, "prometheus.yml"))
	require.NoError(t, err)
	require.NoError(t, yaml.Unmarshal(raw, &cfg))
	require.Equal(t, []string{"alerts.yml"}, cfg.RuleFiles)
	require.Len(t, cfg.ScrapeConfigs, 2, "the processor and the sender")
	// The alert rules select the targets by job name.
	for i, name := range []string{"processor", "sender"} {
		job := cfg.ScrapeConfigs[i]
		require.Equal(t, name, job.JobName)
		require.Equal(t, "/metrics", job.MetricsPath)
		port := addrPort(t, env(service(t, p, name))["HTTP_ADDR"])
		require.Equal(t, []string{name + ":" + port}, job.StaticConfigs[0].Targets)
	}
}

func TestCompose_grafana_provisions_prometheus_and_opens_on_the_dashboard(t *testing.T) {
	t.Parallel()
	p := loadCompose(t)
	grafana := service(t, p, "grafana")
	dir := filepath.Join(root(t), "deployments", "grafana")
	require.True(t, mounts(grafana, filepath.Join(dir, "provisioning"), "/etc/grafana/provisioning"))
	require.True(t, mounts(grafana, filepath.Join(dir, "dashboards"), "/var/lib/grafana/dashboards"))
	home := env(grafana)["GF_DASHBOARDS_DEFAULT_HOME_DASHBOARD_PATH"]
	require.FileExists(t, filepath.Join(dir, "dashboards", strings.TrimPrefix(home, "/var/lib/grafana/dashboards/")))
	require.True(t, publishes(grafana, "3000"))

	var ds struct {
		Datasources []struct {
			Type, URL string
		}
	}
	raw, err := os.ReadFile(filepath.Join(dir, "provisioning", "datasources", "prometheus.yml"))
	require.NoError(t, err)
	require.NoError(t, yaml.Unmarshal(raw, &ds))
	require.Len(t, ds.Datasources, 1)
	require.Equal(t, "prometheus", ds.Datasources[0].Type)
	require.Equal(t, "http://prometheus:9090", ds.Datasources[0].URL)
	require.True(t, publishes(service(t, p, "prometheus"), "9090"))

	var providers struct {
		Providers []struct {
			Options struct{ Path string }
		}
	}
	raw, err = os.ReadFile(filepath.Join(dir, "provisioning", "dashboards", "eventmesh.yml"))
	require.NoError(t, err)
	require.NoError(t, yaml.Unmarshal(raw, &providers))
	require.Equal(t, "/var/lib/grafana/dashboards", providers.Providers[0].Options.Path)
}

func TestElasticMQ_request_timeout_leaves_room_for_the_longest_long_poll(t *testing.T) {
	t.Parallel()
	raw, err := os.ReadFile(filepath.Join(root(t), "deployments", "elasticmq.conf"))
	require.NoError(t, err)
	m := regexp.MustCompile(`(?m)^pekko\.http\.server\.request-timeout = ([0-9]+) s$`).FindSubmatch(raw)
	require.NotNil(t, m, "elasticmq.conf sets pekko.http.server.request-timeout")
	seconds, _ := strconv.Atoi(string(m[1]))
	timeout := time.Duration(seconds) * time.Second

	wait, err := time.ParseDuration(envTemplate(t)["SQS_WAIT_TIME"])
	require.NoError(t, err)
	require.Equal(t, 20*time.Second, wait, "the processor long-polls for SQS's longest wait")
	require.GreaterOrEqual(t, timeout, wait+5*time.Second, "a long poll must end well before ElasticMQ cuts the request")
}

// mounts reports whether s mounts source (an absolute path) at target.
func mounts(s types.ServiceConfig, source, target string) bool {
	return slices.ContainsFunc(s.Volumes, func(v types.ServiceVolumeConfig) bool {
		return v.Source == source && v.Target == target && v.ReadOnly
	})
}
