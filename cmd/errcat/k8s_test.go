package main

import (
	"errors"
	"fmt"
	"io"
	"net"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"go.yaml.in/yaml/v3"
)

// The Kubernetes example is checked against the real server: the probes'
// paths and ports, the ConfigMap's mount and ERRCAT_LOCALES, the Service's
// port, then the binary the Dockerfile builds runs with the Deployment's
// environment over a folder laid out as the kubelet lays out a ConfigMap
// volume. No cluster runs here; docs/SERVICE.md says what that leaves
// untested.

type k8sDeployment struct {
	Spec struct {
		Selector struct {
			MatchLabels map[string]string `yaml:"matchLabels"`
		} `yaml:"selector"`
		Template struct {
			Metadata struct {
				Labels map[string]string `yaml:"labels"`
			} `yaml:"metadata"`
			Spec struct {
				SecurityContext struct {
					RunAsNonRoot *bool `yaml:"runAsNonRoot"`
					RunAsUser    *int  `yaml:"runAsUser"`
				} `yaml:"securityContext"`
				Containers []k8sContainer `yaml:"containers"`
				Volumes    []struct {
					Name      string `yaml:"name"`
					ConfigMap *struct {
						Name string `yaml:"name"`
					} `yaml:"configMap"`
				} `yaml:"volumes"`
			} `yaml:"spec"`
		} `yaml:"template"`
	} `yaml:"spec"`
}

type k8sContainer struct {
	Name string   `yaml:"name"`
	Args []string `yaml:"args"`
	Env  []struct {
		Name      string `yaml:"name"`
		Value     string `yaml:"value"`
		ValueFrom *struct {
			ResourceFieldRef *struct {
				Resource string `yaml:"resource"`
			} `yaml:"resourceFieldRef"`
		} `yaml:"valueFrom"`
	} `yaml:"env"`
	Ports          []k8sPort `yaml:"ports"`
	ReadinessProbe *k8sProbe `yaml:"readinessProbe"`
	LivenessProbe  *k8sProbe `yaml:"livenessProbe"`
	Resources      struct {
		Requests map[string]string `yaml:"requests"`
		Limits   map[string]string `yaml:"limits"`
	} `yaml:"resources"`
	SecurityContext struct {
		ReadOnlyRootFilesystem   *bool `yaml:"readOnlyRootFilesystem"`
		AllowPrivilegeEscalation *bool `yaml:"allowPrivilegeEscalation"`
	} `yaml:"securityContext"`
	VolumeMounts []struct {
		Name      string `yaml:"name"`
		MountPath string `yaml:"mountPath"`
	} `yaml:"volumeMounts"`
}

type k8sPort struct {
	Name          string `yaml:"name"`
	ContainerPort int    `yaml:"containerPort"`
}

type k8sProbe struct {
	HTTPGet *struct {
		Path string    `yaml:"path"`
		Port yaml.Node `yaml:"port"` // a number or a port's name
	} `yaml:"httpGet"`
}

type k8sService struct {
	Spec struct {
		Selector map[string]string `yaml:"selector"`
		Ports    []struct {
			Name       string    `yaml:"name"`
			Port       int       `yaml:"port"`
			TargetPort yaml.Node `yaml:"targetPort"`
		} `yaml:"ports"`
	} `yaml:"spec"`
}

// readK8s decodes every document of the YAML files in dir by kind.
func readK8s(t *testing.T, dir string) map[string][]*yaml.Node {
	t.Helper()
	files, err := filepath.Glob(filepath.Join(dir, "*.yaml"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no YAML in %s (%v)", dir, err)
	}
	byKind := map[string][]*yaml.Node{}
	for _, file := range files {
		f, err := os.Open(file)
		if err != nil {
			t.Fatal(err)
		}
		dec := yaml.NewDecoder(f)
		for {
			var doc yaml.Node
			if err := dec.Decode(&doc); errors.Is(err, io.EOF) {
				break
			} else if err != nil {
				t.Fatalf("%s: %v", file, err)
			}
			var head struct {
				APIVersion string `yaml:"apiVersion"`
				Kind       string `yaml:"kind"`
			}
			if err := doc.Decode(&head); err != nil {
				t.Fatalf("%s: %v", file, err)
			}
			if head.APIVersion == "" || head.Kind == "" {
				t.Fatalf("%s: a document without apiVersion and kind", file)
			}
			byKind[head.Kind] = append(byKind[head.Kind], &doc)
		}
		f.Close()
	}
	return byKind
}

// containerPort resolves a probe's or Service's port, a number or a name,
// to the container's port number.
func containerPort(t *testing.T, c k8sContainer, port yaml.Node) int {
	t.Helper()
	if n, err := strconv.Atoi(port.Value); err == nil {
		for _, p := range c.Ports {
			if p.ContainerPort == n {
				return n
			}
		}
		t.Fatalf("port %d is not a port of container %s", n, c.Name)
	}
	for _, p := range c.Ports {
		if p.Name == port.Value {
			return p.ContainerPort
		}
	}
	t.Fatalf("container %s has no port named %q", c.Name, port.Value)
	return 0
}

// quantityBytes reads a memory quantity ("128Mi") as the kubelet gives it
// to a resourceFieldRef: in bytes.
func quantityBytes(q string) (int64, error) {
	for _, u := range []struct {
		suffix string
		mult   int64
	}{{"Ki", 1 << 10}, {"Mi", 1 << 20}, {"Gi", 1 << 30}, {"", 1}} {
		if n, ok := strings.CutSuffix(q, u.suffix); ok {
			v, err := strconv.ParseInt(n, 10, 64)
			return v * u.mult, err
		}
	}
	return 0, fmt.Errorf("quantity %q", q)
}

// writeConfigMapVolume lays files out in dir as the kubelet mounts a
// ConfigMap: the files of one version in a hidden timestamped folder,
// ..data a link to it, and each file a link through ..data. A new version
// replaces ..data in one rename. It returns the function that does that.
func writeConfigMapVolume(t *testing.T, dir string, files map[string]string) (update func(map[string]string)) {
	t.Helper()
	version := 0
	update = func(files map[string]string) {
		version++
		ts := fmt.Sprintf("..2026_12_01_00_00_%02d.%09d", version, version)
		if err := os.MkdirAll(filepath.Join(dir, ts), 0o755); err != nil {
			t.Fatal(err)
		}
		for name, text := range files {
			if err := os.WriteFile(filepath.Join(dir, ts, name), []byte(text), 0o644); err != nil {
				t.Fatal(err)
			}
			link := filepath.Join(dir, name)
			if _, err := os.Lstat(link); err != nil {
				if err := os.Symlink(filepath.Join("..data", name), link); err != nil {
					t.Fatal(err)
				}
			}
		}
		if err := os.Symlink(ts, filepath.Join(dir, "..data_tmp")); err != nil {
			t.Fatal(err)
		}
		if err := os.Rename(filepath.Join(dir, "..data_tmp"), filepath.Join(dir, "..data")); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	update(files)
	return update
}

// testKubernetesExample is run by TestImageBinary with the binary b.
func testKubernetesExample(t *testing.T, b dockerBuild) {
	root := repoRoot(t)
	objs := readK8s(t, filepath.Join(root, "deploy", "k8s"))
	if len(objs["Deployment"]) != 1 || len(objs["Service"]) != 1 {
		t.Fatalf("deploy/k8s: want one Deployment and one Service, have %d and %d", len(objs["Deployment"]), len(objs["Service"]))
	}
	var dep k8sDeployment
	if err := objs["Deployment"][0].Decode(&dep); err != nil {
		t.Fatal(err)
	}
	var svc k8sService
	if err := objs["Service"][0].Decode(&svc); err != nil {
		t.Fatal(err)
	}
	pod := dep.Spec.Template.Spec
	if len(pod.Containers) != 1 {
		t.Fatalf("%d containers, want 1", len(pod.Containers))
	}
	c := pod.Containers[0]
	env := map[string]string{}
	var envOrder []string
	for _, e := range c.Env {
		v := e.Value
		if e.ValueFrom != nil && e.ValueFrom.ResourceFieldRef != nil {
			res := e.ValueFrom.ResourceFieldRef.Resource
			if res != "limits.memory" {
				t.Fatalf("env %s: resourceFieldRef %s: only limits.memory is understood here", e.Name, res)
			}
			n, err := quantityBytes(c.Resources.Limits["memory"])
			if err != nil {
				t.Fatalf("env %s: limits.memory: %v", e.Name, err)
			}
			v = strconv.FormatInt(n, 10)
		}
		env[e.Name] = v
		envOrder = append(envOrder, e.Name)
	}

	// Security: not root, nothing written to the image.
	sc := pod.SecurityContext
	if sc.RunAsNonRoot == nil || !*sc.RunAsNonRoot {
		t.Error("the pod's securityContext lacks runAsNonRoot: true")
	}
	if ro := c.SecurityContext.ReadOnlyRootFilesystem; ro == nil || !*ro {
		t.Error("the container's securityContext lacks readOnlyRootFilesystem: true")
	}
	if ape := c.SecurityContext.AllowPrivilegeEscalation; ape == nil || *ape {
		t.Error("the container's securityContext lacks allowPrivilegeEscalation: false")
	}
	if uid, _, _ := strings.Cut(b.final.user, ":"); sc.RunAsUser == nil || strconv.Itoa(*sc.RunAsUser) != uid {
		t.Errorf("runAsUser %v, want the Dockerfile's USER %s", sc.RunAsUser, b.final.user)
	}
	if c.Resources.Requests["memory"] == "" || c.Resources.Limits["memory"] == "" {
		t.Error("the container has no memory request or limit")
	}
	for k, v := range dep.Spec.Selector.MatchLabels {
		if dep.Spec.Template.Metadata.Labels[k] != v {
			t.Errorf("the selector's %s=%s is not a label of the pods", k, v)
		}
	}

	// The ports: the probes reach the port ERRCAT_ADDR listens on; the
	// metrics port is ERRCAT_METRICS_ADDR's and not the Service's.
	portOf := func(name string) int {
		_, p, err := net.SplitHostPort(env[name])
		if err != nil {
			t.Fatalf("env %s=%q: %v", name, env[name], err)
		}
		n, _ := strconv.Atoi(p)
		return n
	}
	httpPort := portOf("ERRCAT_ADDR")
	probes := map[string]*k8sProbe{"/readyz": c.ReadinessProbe, "/healthz": c.LivenessProbe}
	for want, p := range probes {
		if p == nil || p.HTTPGet == nil {
			t.Fatalf("no httpGet probe for %s", want)
		}
		if p.HTTPGet.Path != want {
			t.Errorf("probe path %s, want %s", p.HTTPGet.Path, want)
		}
		if got := containerPort(t, c, p.HTTPGet.Port); got != httpPort {
			t.Errorf("the %s probe's port is %d, not ERRCAT_ADDR's %d", want, got, httpPort)
		}
	}
	metricsPort := 0
	if _, ok := env["ERRCAT_METRICS_ADDR"]; ok {
		metricsPort = portOf("ERRCAT_METRICS_ADDR")
		if !slices.ContainsFunc(c.Ports, func(p k8sPort) bool { return p.ContainerPort == metricsPort }) {
			t.Errorf("ERRCAT_METRICS_ADDR's port %d is not a container port", metricsPort)
		}
	}
	for k, v := range svc.Spec.Selector {
		if dep.Spec.Template.Metadata.Labels[k] != v {
			t.Errorf("the Service selects %s=%s, which the pods do not have", k, v)
		}
	}
	for _, p := range svc.Spec.Ports {
		switch containerPort(t, c, p.TargetPort) {
		case httpPort:
		case metricsPort:
			t.Errorf("the Service exposes the private metrics port %d", metricsPort)
		default:
			t.Errorf("the Service's port %d targets neither ERRCAT_ADDR's port", p.Port)
		}
	}

	// The catalog: a ConfigMap volume mounted where ERRCAT_LOCALES says,
	// the ConfigMap that docs/SERVICE.md tells how to create.
	mountPath := ""
	for _, m := range c.VolumeMounts {
		for _, v := range pod.Volumes {
			if v.Name == m.Name && v.ConfigMap != nil {
				mountPath = m.MountPath
				doc, err := os.ReadFile(filepath.Join(root, "docs", "SERVICE.md"))
				if err != nil {
					t.Fatal(err)
				}
				if want := "kubectl create configmap " + v.ConfigMap.Name + " --from-file="; !strings.Contains(string(doc), want) {
					t.Errorf("docs/SERVICE.md does not say how to create the ConfigMap %s (%q)", v.ConfigMap.Name, want)
				}
			}
		}
	}
	if mountPath == "" {
		t.Fatal("no ConfigMap volume is mounted")
	}
	if env["ERRCAT_LOCALES"] != mountPath {
		t.Errorf("ERRCAT_LOCALES=%q, but the ConfigMap is mounted at %s", env["ERRCAT_LOCALES"], mountPath)
	}

	// Now run it: the image's environment, then the container's (which
	// wins, as in Kubernetes), the mount path moved under a temporary
	// root, the ports to 0.
	fakeRoot := t.TempDir()
	mount := filepath.Join(fakeRoot, filepath.FromSlash(mountPath))
	update := writeConfigMapVolume(t, mount, map[string]string{
		"en.toml": "[\"7001\"]\nother = \"The widget is broken\"\n",
		"sv.toml": "[\"7001\"]\nother = \"Prylen är trasig\"\n",
	})
	overrides := map[string]string{"ERRCAT_LOCALES": mount}
	for _, name := range []string{"ERRCAT_ADDR", "ERRCAT_METRICS_ADDR"} {
		if v, ok := env[name]; ok {
			host, _, _ := net.SplitHostPort(v)
			overrides[name] = host + ":0"
		}
	}
	var procEnv []string
	for _, kv := range b.final.env {
		if _, ok := env[kv[0]]; !ok {
			procEnv = append(procEnv, kv[0]+"="+kv[1])
		}
	}
	for _, name := range envOrder {
		v := env[name]
		if o, ok := overrides[name]; ok {
			v = o
		}
		procEnv = append(procEnv, name+"="+v)
	}
	cmd, stderr, exited, addr := startContainerLike(t, b.bin, b.final.entrypoint, c.Args, procEnv)
	for path := range probes {
		if resp, body := get(t, localURL(t, addr, path)); resp.StatusCode != 200 {
			t.Errorf("the probe's GET %s: %d %s", path, resp.StatusCode, body)
		}
	}
	if _, body := get(t, localURL(t, addr, "/v1/errors/7001?lang=sv")); !strings.Contains(body, "Prylen är trasig") {
		t.Errorf("the ConfigMap's catalog is not served: %s", body)
	}
	if metricsPort != 0 {
		m := metricsAddrRE.FindStringSubmatch(stderr.String())
		if m == nil {
			t.Fatalf("no metrics_addr logged:\n%s", stderr)
		}
		if resp, _ := get(t, localURL(t, m[1]+m[2], "/metrics")); resp.StatusCode != 200 {
			t.Errorf("GET /metrics on the metrics port: %d", resp.StatusCode)
		}
		if resp, _ := get(t, localURL(t, addr, "/metrics")); resp.StatusCode != 404 {
			t.Errorf("GET /metrics on the public port: %d, want 404", resp.StatusCode)
		}
	}

	// A ConfigMap update replaces ..data; SIGHUP makes the server read it.
	update(map[string]string{
		"en.toml": "[\"7001\"]\nother = \"The widget is broken\"\n",
		"sv.toml": "[\"7001\"]\nother = \"Prylen är sönder\"\n",
	})
	if err := cmd.Process.Signal(syscall.SIGHUP); err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(15 * time.Second)
	for {
		if _, body := get(t, localURL(t, addr, "/v1/errors/7001?lang=sv")); strings.Contains(body, "Prylen är sönder") {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("the updated ConfigMap was not served after SIGHUP:\n%s", stderr)
		}
		time.Sleep(20 * time.Millisecond)
	}
	stopContainerLike(t, cmd, stderr, exited)
}
