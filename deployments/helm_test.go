package deployments_test

import (
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	keda "github.com/kedacore/keda/v2/apis/keda/v1alpha1"
	monitoringv1 "github.com/prometheus-operator/prometheus-operator/pkg/apis/monitoring/v1"
	"github.com/stretchr/testify/require"
	appsv1 "k8s.io/api/apps/v1"
	corev1 "k8s.io/api/core/v1"
	networkingv1 "k8s.io/api/networking/v1"
	policyv1 "k8s.io/api/policy/v1"
	"sigs.k8s.io/yaml"
)

// kubeVersion is the cluster version helm template renders for (helm's
// own default is older than the chart's kubeVersion).
const kubeVersion = "1.32.0"

// sqsInFlightLimit is SQS's approximate limit of in-flight messages per
// standard queue.
const sqsInFlightLimit = 120_000

func chartDir(t *testing.T) string {
	return filepath.Join(root(t), "deployments", "helm", "eventmesh")
}

// valuesFiles are the chart's test values (ci/, chart-testing's convention).
func valuesFiles(t *testing.T) []string {
	t.Helper()
	files, err := filepath.Glob(filepath.Join(chartDir(t), "ci", "*-values.yaml"))
	require.NoError(t, err)
	require.GreaterOrEqual(t, len(files), 3)
	return files
}

// rendered is a chart rendering, every object decoded strictly into its
// Kubernetes, KEDA or Prometheus Operator type.
type rendered struct {
	deployments     map[string]*appsv1.Deployment
	services        map[string]*corev1.Service
	configMaps      map[string]*corev1.ConfigMap
	serviceAccounts map[string]*corev1.ServiceAccount
	pdbs            map[string]*policyv1.PodDisruptionBudget
	networkPolicies map[string]*networkingv1.NetworkPolicy
	scaledObjects   map[string]*keda.ScaledObject
	triggerAuths    map[string]*keda.TriggerAuthentication
	serviceMonitors map[string]*monitoringv1.ServiceMonitor
}

// helmTemplate runs `helm template` with the values files and --set pairs.
func helmTemplate(t *testing.T, args ...string) (string, error) {
	t.Helper()
	helm := tool(t, helmPackage, helmVersion)
	cmd := exec.Command(helm, append([]string{"template", "eventmesh", chartDir(t), "--kube-version", kubeVersion}, args...)...)
	out, err := cmd.CombinedOutput()
	return string(out), err
}

func render(t *testing.T, args ...string) rendered {
	t.Helper()
	out, err := helmTemplate(t, args...)
	require.NoError(t, err, "helm template %v:\n%s", args, out)
	r := rendered{
		deployments: map[string]*appsv1.Deployment{}, services: map[string]*corev1.Service{},
		configMaps: map[string]*corev1.ConfigMap{}, serviceAccounts: map[string]*corev1.ServiceAccount{},
		pdbs: map[string]*policyv1.PodDisruptionBudget{}, networkPolicies: map[string]*networkingv1.NetworkPolicy{},
		scaledObjects: map[string]*keda.ScaledObject{}, triggerAuths: map[string]*keda.TriggerAuthentication{},
		serviceMonitors: map[string]*monitoringv1.ServiceMonitor{},
	}
	for _, doc := range strings.Split(out, "\n---\n") {
		if strings.TrimSpace(strings.TrimPrefix(doc, "---")) == "" {
			continue
		}
		r.add(t, []byte(doc))
	}
	return r
}

func (r rendered) add(t *testing.T, doc []byte) {
	t.Helper()
	var meta struct{ APIVersion, Kind string }
	require.NoError(t, yaml.Unmarshal(doc, &meta))
	switch meta.APIVersion + " " + meta.Kind {
	case "apps/v1 Deployment":
		decodeInto(t, doc, r.deployments)
	case "v1 Service":
		decodeInto(t, doc, r.services)
	case "v1 ConfigMap":
		decodeInto(t, doc, r.configMaps)
	case "v1 ServiceAccount":
		decodeInto(t, doc, r.serviceAccounts)
	case "policy/v1 PodDisruptionBudget":
		decodeInto(t, doc, r.pdbs)
	case "networking.k8s.io/v1 NetworkPolicy":
		decodeInto(t, doc, r.networkPolicies)
	case "keda.sh/v1alpha1 ScaledObject":
		decodeInto(t, doc, r.scaledObjects)
	case "keda.sh/v1alpha1 TriggerAuthentication":
		decodeInto(t, doc, r.triggerAuths)
	case "monitoring.coreos.com/v1 ServiceMonitor":
		decodeInto(t, doc, r.serviceMonitors)
	default:
		t.Fatalf("the chart renders a %s %s the test does not know:\n%s", meta.APIVersion, meta.Kind, doc)
	}
}

// named is an object with a name.
type named interface{ GetName() string }

// decodeInto decodes doc strictly (an unknown or duplicate field fails)
// into a new T and files it by name.
func decodeInto[T any, PT interface {
	*T
	named
}](t *testing.T, doc []byte, into map[string]PT) {
	t.Helper()
	obj := PT(new(T))
	require.NoError(t, yaml.UnmarshalStrict(doc, obj), "strict decoding of:\n%s", doc)
	require.NotContains(t, into, obj.GetName(), "one object of a kind per name")
	into[obj.GetName()] = obj
}

func TestChart_renders_objects_that_decode_strictly_for_every_values_file(t *testing.T) {
	t.Parallel()
	for _, file := range valuesFiles(t) {
		t.Run(filepath.Base(file), func(t *testing.T) {
			t.Parallel()
			r := render(t, "-f", file)
			require.Contains(t, r.deployments, "eventmesh-processor")
			require.Len(t, r.serviceAccounts, 1)
		})
	}
}

func TestChart_passes_helm_lint_strict(t *testing.T) {
	t.Parallel()
	helm := tool(t, helmPackage, helmVersion)
	for _, file := range valuesFiles(t) {
		out := run(t, root(t), helm, "lint", "--strict", "--kube-version", kubeVersion, chartDir(t), "-f", file)
		require.Contains(t, out, "0 chart(s) failed", "helm lint -f %s", file)
	}
}

func TestChart_pods_meet_the_restricted_pod_security_profile(t *testing.T) {
	t.Parallel()
	for _, file := range valuesFiles(t) {
		for name, d := range render(t, "-f", file).deployments {
			pod := d.Spec.Template.Spec
			require.True(t, *pod.SecurityContext.RunAsNonRoot, "%s", name)
			require.Equal(t, corev1.SeccompProfileTypeRuntimeDefault, pod.SecurityContext.SeccompProfile.Type, "%s", name)
			require.False(t, *pod.AutomountServiceAccountToken, "%s needs no Kubernetes API token", name)
			require.Empty(t, pod.InitContainers)
			for _, c := range pod.Containers {
				sc := c.SecurityContext
				require.False(t, *sc.AllowPrivilegeEscalation, "%s/%s", name, c.Name)
				require.False(t, *sc.Privileged, "%s/%s", name, c.Name)
				require.True(t, *sc.ReadOnlyRootFilesystem, "%s/%s", name, c.Name)
				require.True(t, *sc.RunAsNonRoot, "%s/%s", name, c.Name)
				require.Equal(t, []corev1.Capability{"ALL"}, sc.Capabilities.Drop, "%s/%s", name, c.Name)
				require.Empty(t, sc.Capabilities.Add, "%s/%s", name, c.Name)
			}
		}
	}
}

func TestChart_probes_ask_healthz_and_readyz_on_HTTP_ADDR(t *testing.T) {
	t.Parallel()
	for _, file := range valuesFiles(t) {
		for name, d := range render(t, "-f", file).deployments {
			c := d.Spec.Template.Spec.Containers[0]
			require.Equal(t, "http", c.Ports[0].Name)
			require.Equal(t, int32(8080), c.Ports[0].ContainerPort)
			require.Equal(t, strconv.Itoa(int(c.Ports[0].ContainerPort)), addrPort(t, envOf(c)["HTTP_ADDR"]), "%s listens where its port is", name)
			require.Equal(t, "/healthz", c.LivenessProbe.HTTPGet.Path, "%s", name)
			require.Equal(t, "/readyz", c.ReadinessProbe.HTTPGet.Path, "%s", name)
			require.NotNil(t, c.StartupProbe, "%s", name)
			// The processor retries its start-up for 5 minutes before it exits.
			startup := time.Duration(c.StartupProbe.PeriodSeconds*c.StartupProbe.FailureThreshold) * time.Second
			require.GreaterOrEqual(t, startup, 5*time.Minute, "%s: the startup probe outlasts the processor's start-up timeout", name)
			for _, p := range []*corev1.Probe{c.LivenessProbe, c.ReadinessProbe, c.StartupProbe} {
				require.Equal(t, "http", p.HTTPGet.Port.String())
			}
		}
	}
}

func TestChart_grace_period_outlasts_the_drain(t *testing.T) {
	t.Parallel()
	for _, file := range valuesFiles(t) {
		for name, d := range render(t, "-f", file).deployments {
			closeTimeout, err := time.ParseDuration(envOf(d.Spec.Template.Spec.Containers[0])["CLOSE_TIMEOUT"])
			require.NoError(t, err, "%s sets CLOSE_TIMEOUT", name)
			grace := time.Duration(*d.Spec.Template.Spec.TerminationGracePeriodSeconds) * time.Second
			require.GreaterOrEqual(t, grace, closeTimeout+10*time.Second, "%s: SIGKILL must not cut the drain", name)
		}
	}
}

func TestChart_environment_is_what_the_binaries_read(t *testing.T) {
	t.Parallel()
	documented := envTemplate(t)
	sender := readVariables(t, filepath.Join(root(t), "cmd", "sender"))
	for _, file := range valuesFiles(t) {
		r := render(t, "-f", file)
		env := envOf(r.deployments["eventmesh-processor"].Spec.Template.Spec.Containers[0])
		for name := range env {
			require.Contains(t, documented, name, "%s: the chart sets %s, which .env-template does not document", filepath.Base(file), name)
		}
		// Unset, the endpoint would default to the local emulator.
		require.Contains(t, env, "AWS_ENDPOINT_URL_SQS")
		require.Contains(t, env, "DATABASE_URL")
		if d, ok := r.deployments["eventmesh-sender"]; ok {
			for name := range envOf(d.Spec.Template.Spec.Containers[0]) {
				require.Contains(t, sender, name, "%s: the chart sets %s, which cmd/sender does not read", filepath.Base(file), name)
			}
		}
	}
}

func TestChart_registry_configmap_is_mounted_as_SCHEMA_DIR_and_rolls_the_pods(t *testing.T) {
	t.Parallel()
	file := filepath.Join(chartDir(t), "ci", "production-values.yaml")
	r := render(t, "-f", file)
	cm := r.configMaps["eventmesh-registry"]
	require.NotNil(t, cm)
	pod := r.deployments["eventmesh-processor"].Spec.Template.Spec
	var items []corev1.KeyToPath
	for _, v := range pod.Volumes {
		if v.ConfigMap != nil {
			require.Equal(t, cm.Name, v.ConfigMap.Name)
			items = v.ConfigMap.Items
		}
	}
	paths := map[string]bool{}
	for _, item := range items {
		require.Contains(t, cm.Data, item.Key)
		paths[item.Path] = true
	}
	require.Equal(t, map[string]bool{"acme-shop/tenant.json": true, "acme-shop/customer-registered/v1.json": true, "acme-shop/_subscriptions/crm-webhook.json": true}, paths)
	require.Len(t, cm.Data, len(items))
	require.Equal(t, pod.Containers[0].VolumeMounts[1].MountPath, envOf(pod.Containers[0])["SCHEMA_DIR"])

	checksum := r.deployments["eventmesh-processor"].Spec.Template.Annotations["checksum/registry"]
	require.Len(t, checksum, 64)
	changed := render(t, "-f", file, "--set-string", `registry.files.acme-shop/customer-registered/v1\.json={"type": "object", "required": ["email"]}`)
	require.NotEqual(t, checksum, changed.deployments["eventmesh-processor"].Spec.Template.Annotations["checksum/registry"], "a registry change rolls the pods")

	r = render(t, "--set", "database.url=postgres://x")
	require.Empty(t, r.configMaps, "no files: the image's embedded registry")
	require.NotContains(t, envOf(r.deployments["eventmesh-processor"].Spec.Template.Spec.Containers[0]), "SCHEMA_DIR")
}

func TestChart_selectors_find_the_pods(t *testing.T) {
	t.Parallel()
	for _, file := range valuesFiles(t) {
		r := render(t, "-f", file)
		for name, d := range r.deployments {
			pods := d.Spec.Template.Labels
			require.True(t, subset(d.Spec.Selector.MatchLabels, pods), "%s selects its pods", name)
			require.True(t, subset(r.pdbs[name].Spec.Selector.MatchLabels, pods), "the PodDisruptionBudget %s selects its pods", name)
			require.True(t, subset(r.services[name].Spec.Selector, pods), "the Service %s selects its pods", name)
			for _, np := range r.networkPolicies {
				require.True(t, subset(np.Spec.PodSelector.MatchLabels, pods), "the NetworkPolicy selects %s", name)
			}
			for _, sm := range r.serviceMonitors {
				require.True(t, subset(sm.Spec.Selector.MatchLabels, r.services[name].Labels), "the ServiceMonitor selects the Service %s", name)
				require.Equal(t, "http", sm.Spec.Endpoints[0].Port)
				require.Equal(t, "/metrics", sm.Spec.Endpoints[0].Path)
			}
			require.Equal(t, "eventmesh", d.Spec.Template.Spec.ServiceAccountName)
		}
	}
}

func TestChart_KEDA_scales_the_processor_on_queue_depth(t *testing.T) {
	t.Parallel()
	for _, file := range valuesFiles(t) {
		var values struct {
			Processor struct {
				MaxInFlight int `json:"maxInFlight"`
				Autoscaling struct {
					Enabled                   bool
					EventsPerSecondPerReplica int `json:"eventsPerSecondPerReplica"`
					LagTargetSeconds          int `json:"lagTargetSeconds"`
				}
			}
		}
		raw, err := os.ReadFile(file)
		require.NoError(t, err)
		require.NoError(t, yaml.Unmarshal(raw, &values))
		r := render(t, "-f", file)
		so, ok := r.scaledObjects["eventmesh-processor"]
		require.Equal(t, values.Processor.Autoscaling.Enabled, ok, "%s: a ScaledObject exactly when autoscaling is enabled", filepath.Base(file))
		d := r.deployments["eventmesh-processor"]
		if !ok {
			require.NotNil(t, d.Spec.Replicas)
			continue
		}
		require.Nil(t, d.Spec.Replicas, "KEDA owns the replica count: helm upgrade must not reset it")
		require.Equal(t, d.Name, so.Spec.ScaleTargetRef.Name)
		require.Len(t, so.Spec.Triggers, 1)
		trigger := so.Spec.Triggers[0]
		require.Equal(t, "aws-sqs-queue", trigger.Type)
		require.Equal(t, "true", trigger.Metadata["scaleOnInFlight"], "in-flight messages count")
		eps := cmpOr(values.Processor.Autoscaling.EventsPerSecondPerReplica, 3000)
		lag := cmpOr(values.Processor.Autoscaling.LagTargetSeconds, 10)
		require.Equal(t, strconv.Itoa(eps*lag), trigger.Metadata["queueLength"], "queueLength = events/s of one replica × lag target")
		require.NotNil(t, so.Spec.Fallback)
		require.Positive(t, so.Spec.Fallback.Replicas)
		scaleDown := so.Spec.Advanced.HorizontalPodAutoscalerConfig.Behavior.ScaleDown
		require.GreaterOrEqual(t, *scaleDown.StabilizationWindowSeconds, int32(60), "scale-down waits")
		require.Equal(t, int32(1), scaleDown.Policies[0].Value, "one pod at a time, each draining")
		inFlight := int(*so.Spec.MaxReplicaCount) * cmpOr(values.Processor.MaxInFlight, 1024)
		require.LessOrEqual(t, inFlight, sqsInFlightLimit)
		if trigger.AuthenticationRef != nil {
			require.Contains(t, r.triggerAuths, trigger.AuthenticationRef.Name)
		} else {
			require.Equal(t, "operator", trigger.Metadata["identityOwner"])
		}
	}
}

func TestChart_refuses_more_in_flight_messages_than_SQS_allows(t *testing.T) {
	t.Parallel()
	out, err := helmTemplate(t, "-f", filepath.Join(chartDir(t), "ci", "production-values.yaml"), "--set", "processor.autoscaling.maxReplicas=500")
	require.Error(t, err)
	require.Contains(t, out, "above SQS's ~120,000")
}

func envOf(c corev1.Container) map[string]string {
	env := map[string]string{}
	for _, e := range c.Env {
		env[e.Name] = e.Value
	}
	return env
}

func subset(small, big map[string]string) bool {
	if len(small) == 0 {
		return false
	}
	for k, v := range small {
		if big[k] != v {
			return false
		}
	}
	return true
}

func cmpOr(v, fallback int) int {
	if v == 0 {
		return fallback
	}
	return v
}
