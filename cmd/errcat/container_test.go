package main

import (
	"bufio"
	"debug/buildinfo"
	"debug/elf"
	"encoding/json"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
)

// No Docker engine runs where the tests run, so the container is tested in
// its parts: the binary is built as the Dockerfile's build stage builds it,
// checked to be static (the final stage has no C library), and run as the
// final stage runs it, with its ENV and ENTRYPOINT, from an empty folder.
// What only an engine could show (the base images, USER, the layers) is
// not tested; docs/SERVICE.md says so.

// A dockerStage is one FROM … stage of a Dockerfile, with the instructions
// the tests read.
type dockerStage struct {
	from, name string
	args       map[string]string // ARG defaults
	env        [][2]string       // ENV, in order
	runs       []string
	copies     [][]string // COPY's words
	user       string
	expose     []string
	entrypoint []string
}

// parseDockerfile reads the stages of the Dockerfile at path: instructions
// joined across continuation lines, comments skipped.
func parseDockerfile(t *testing.T, path string) []*dockerStage {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var (
		stages []*dockerStage
		instrs []string
		cont   string
	)
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if strings.HasPrefix(line, "#") || line == "" && cont == "" {
			continue
		}
		if l, ok := strings.CutSuffix(line, "\\"); ok {
			cont += l + " "
			continue
		}
		instrs = append(instrs, cont+line)
		cont = ""
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	for _, in := range instrs {
		op, rest, _ := strings.Cut(in, " ")
		rest = strings.TrimSpace(rest)
		op = strings.ToUpper(op)
		if op == "FROM" {
			st := &dockerStage{args: map[string]string{}}
			words := strings.Fields(rest)
			st.from = words[0]
			if len(words) == 3 && strings.EqualFold(words[1], "AS") {
				st.name = words[2]
			}
			stages = append(stages, st)
			continue
		}
		if len(stages) == 0 {
			continue // ARG before FROM, a parser directive
		}
		st := stages[len(stages)-1]
		switch op {
		case "ARG":
			k, v, _ := strings.Cut(rest, "=")
			st.args[k] = v
		case "ENV":
			// ENV KEY=VALUE …, values unquoted as the shell would.
			words, _, err := shellFields(rest)
			if err != nil {
				t.Fatalf("%s: ENV %s: %v", path, rest, err)
			}
			for _, w := range words {
				k, v, ok := strings.Cut(w, "=")
				if !ok {
					t.Fatalf("%s: ENV %s: write ENV KEY=VALUE", path, rest)
				}
				st.env = append(st.env, [2]string{k, v})
			}
		case "RUN":
			st.runs = append(st.runs, rest)
		case "COPY":
			st.copies = append(st.copies, strings.Fields(rest))
		case "USER":
			st.user = rest
		case "EXPOSE":
			st.expose = append(st.expose, strings.Fields(rest)...)
		case "ENTRYPOINT":
			if err := json.Unmarshal([]byte(rest), &st.entrypoint); err != nil {
				t.Fatalf("%s: ENTRYPOINT %s: not the exec (JSON) form, which receives the signals itself: %v", path, rest, err)
			}
		}
	}
	return stages
}

// expand replaces ${NAME} and $NAME with the stage's ARG defaults and ENV.
func (st *dockerStage) expand(s string) string {
	return os.Expand(s, func(name string) string {
		for i := len(st.env) - 1; i >= 0; i-- {
			if st.env[i][0] == name {
				return st.env[i][1]
			}
		}
		return st.args[name]
	})
}

func (st *dockerStage) getenv(name string) (string, bool) {
	for i := len(st.env) - 1; i >= 0; i-- {
		if st.env[i][0] == name {
			return st.env[i][1], true
		}
	}
	return "", false
}

// repoRoot is the module's root, where the Dockerfile builds from.
func repoRoot(t *testing.T) string {
	t.Helper()
	root, err := filepath.Abs("../..")
	if err != nil {
		t.Fatal(err)
	}
	return root
}

// A dockerBuild is the binary the Dockerfile builds and the final stage
// that runs it.
type dockerBuild struct {
	bin   string // the binary, built as the build stage builds it
	out   string // where the build stage writes it: /out/errcat
	final *dockerStage
}

// buildAsDockerfile builds errcat with the Dockerfile's build command, its
// ENV and ARG defaults, into a temporary folder.
func buildAsDockerfile(t *testing.T) dockerBuild {
	t.Helper()
	gobin, err := exec.LookPath("go")
	if err != nil {
		t.Skip("no go command to build errcat with")
	}
	root := repoRoot(t)
	stages := parseDockerfile(t, filepath.Join(root, "Dockerfile"))
	if len(stages) < 2 {
		t.Fatalf("Dockerfile: %d stages, want a build stage and a final one", len(stages))
	}
	build, final := stages[0], stages[len(stages)-1]
	var words []string
	for _, run := range build.runs {
		w, plain, err := shellFields(build.expand(run))
		if err != nil {
			t.Fatalf("Dockerfile: RUN %s: %v", run, err)
		}
		if len(w) >= 2 && w[0] == "go" && w[1] == "build" {
			if !plain {
				t.Fatalf("Dockerfile: RUN %s: keep the build a plain command, which this test can run", run)
			}
			words = w
		}
	}
	if words == nil {
		t.Fatal("Dockerfile: no RUN go build in the build stage")
	}
	if cgo, _ := build.getenv("CGO_ENABLED"); cgo != "0" {
		t.Errorf("Dockerfile: the build stage has CGO_ENABLED=%q, want 0: the final stage has no C library", cgo)
	}
	bin := filepath.Join(t.TempDir(), "errcat")
	args := append([]string(nil), words[1:]...)
	out := ""
	for i := range args {
		if args[i] == "-o" && i+1 < len(args) {
			out, args[i+1] = args[i+1], bin
		}
	}
	if out == "" {
		t.Fatalf("Dockerfile: %s: no -o", strings.Join(words, " "))
	}
	cmd := exec.Command(gobin, args...)
	cmd.Dir = root
	cmd.Env = os.Environ()
	for _, kv := range build.env {
		cmd.Env = append(cmd.Env, kv[0]+"="+kv[1])
	}
	start := time.Now()
	if b, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("%s: %v\n%s", strings.Join(words, " "), err, b)
	}
	t.Logf("built as the Dockerfile does in %v: %s", time.Since(start).Round(time.Millisecond), strings.Join(words, " "))
	return dockerBuild{bin: bin, out: out, final: final}
}

// startContainerLike starts bin as the final stage's ENTRYPOINT, with args
// after it, the environment env only, in an empty folder, and waits until
// it listens. It returns the log, a channel closed at the exit, and the
// listening line.
func startContainerLike(t *testing.T, bin string, entrypoint, args, env []string) (*exec.Cmd, *lockedBuffer, chan struct{}, string) {
	t.Helper()
	cmd := exec.Command(bin, append(append([]string(nil), entrypoint[1:]...), args...)...)
	cmd.Dir = t.TempDir() // the image's / has no locales folder
	cmd.Env = env
	stderr := new(lockedBuffer)
	cmd.Stderr = stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	exited := make(chan struct{})
	go func() { cmd.Wait(); close(exited) }()
	t.Cleanup(func() {
		select {
		case <-exited:
		default:
			cmd.Process.Kill()
			<-exited
		}
	})
	addr := waitListening(t, stderr, exited)
	return cmd, stderr, exited, addr
}

// stopContainerLike sends SIGTERM, as the container runtime does, and
// checks the exit status is 0.
func stopContainerLike(t *testing.T, cmd *exec.Cmd, stderr *lockedBuffer, exited chan struct{}) {
	t.Helper()
	if err := cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	select {
	case <-exited:
	case <-time.After(30 * time.Second):
		t.Fatalf("no exit within 30s of SIGTERM:\n%s", stderr)
	}
	if !cmd.ProcessState.Success() {
		t.Errorf("exit after SIGTERM: %v, want 0:\n%s", cmd.ProcessState, stderr)
	}
}

// localURL is the URL of path on the port of addr, on this machine: a
// server listening on every interface ([::]:8080) is reached at
// 127.0.0.1.
func localURL(t *testing.T, addr, path string) string {
	t.Helper()
	_, port, err := net.SplitHostPort(addr)
	if err != nil {
		t.Fatal(err)
	}
	return "http://127.0.0.1:" + port + path
}

// TestImageBinary builds errcat once as the Dockerfile does, and tests the
// Dockerfile, the Kubernetes example and the docs' commands with it.
func TestImageBinary(t *testing.T) {
	if runtime.GOOS != "linux" {
		t.Skip("the image is linux: the binary is checked as an ELF file, and the ConfigMap's layout needs symbolic links")
	}
	b := buildAsDockerfile(t)
	t.Run("Dockerfile", func(t *testing.T) { testDockerfile(t, b) })
	t.Run("Kubernetes", func(t *testing.T) { testKubernetesExample(t, b) })
	t.Run("DocCommands", func(t *testing.T) { testDocCommands(t, b) })
}

func testDockerfile(t *testing.T, b dockerBuild) {
	final := b.final

	// The binary is static: no program interpreter, no shared library,
	// so it runs on distroless/static (or scratch).
	ef, err := elf.Open(b.bin)
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range ef.Progs {
		if p.Type == elf.PT_INTERP {
			t.Error("the binary asks for a dynamic loader; the final stage has none")
		}
	}
	if libs, _ := ef.ImportedLibraries(); len(libs) > 0 {
		t.Errorf("the binary needs shared libraries %v", libs)
	}
	ef.Close()
	// The build recorded what the Dockerfile asked for.
	info, err := buildinfo.ReadFile(b.bin)
	if err != nil {
		t.Fatal(err)
	}
	settings := map[string]string{}
	for _, s := range info.Settings {
		settings[s.Key] = s.Value
	}
	if settings["CGO_ENABLED"] != "0" || settings["-trimpath"] != "true" {
		t.Errorf("build settings CGO_ENABLED=%q -trimpath=%q, want 0 and true", settings["CGO_ENABLED"], settings["-trimpath"])
	}

	// The final stage copies the build's output to the ENTRYPOINT's
	// program and runs it as a user other than root.
	copied := false
	for _, c := range final.copies {
		if len(c) == 3 && c[0] == "--from=build" && c[1] == b.out && len(final.entrypoint) > 0 && c[2] == final.entrypoint[0] {
			copied = true
		}
	}
	if !copied {
		t.Errorf("Dockerfile: the final stage does not COPY --from=build %s to the ENTRYPOINT's %q", b.out, final.entrypoint)
	}
	if want := []string{"serve"}; len(final.entrypoint) != 2 || final.entrypoint[1] != want[0] {
		t.Errorf("ENTRYPOINT %q, want [\"/errcat\", \"serve\"]", final.entrypoint)
	}
	uid, _, _ := strings.Cut(final.user, ":")
	if n, err := strconv.Atoi(uid); err != nil || n == 0 {
		t.Errorf("USER %q: want a numeric user other than 0, which runAsNonRoot can verify", final.user)
	}

	// ERRCAT_ADDR listens on every interface, on the EXPOSEd port.
	addr, ok := final.getenv("ERRCAT_ADDR")
	host, port, err := net.SplitHostPort(addr)
	if !ok || err != nil || host != "" {
		t.Fatalf("ENV ERRCAT_ADDR=%q, want :PORT, every interface", addr)
	}
	if len(final.expose) != 1 || strings.TrimSuffix(final.expose[0], "/tcp") != port {
		t.Errorf("EXPOSE %v, want ERRCAT_ADDR's port %s", final.expose, port)
	}

	// Run it as the container would, with the image's environment only;
	// on port 0, since 8080 may be taken here.
	var env []string
	for _, kv := range final.env {
		if kv[0] == "ERRCAT_ADDR" {
			kv[1] = host + ":0"
		}
		env = append(env, kv[0]+"="+kv[1])
	}
	cmd, stderr, exited, listen := startContainerLike(t, b.bin, final.entrypoint, nil, env)
	if h, _, _ := net.SplitHostPort(listen); h != "::" && h != "0.0.0.0" {
		t.Errorf("listening on %s, want every interface", listen)
	}
	for _, path := range []string{"/readyz", "/healthz", "/v1/locales"} {
		if resp, body := get(t, localURL(t, listen, path)); resp.StatusCode != 200 {
			t.Errorf("GET %s: %d %s", path, resp.StatusCode, body)
		}
	}
	stopContainerLike(t, cmd, stderr, exited)

	// errcat version says what the build recorded.
	out, err := exec.Command(b.bin, "version", "--format", "json").Output()
	if err != nil {
		t.Fatal(err)
	}
	var v buildInfo
	if err := json.Unmarshal(out, &v); err != nil {
		t.Fatalf("errcat version --format json: %v\n%s", err, out)
	}
	if v.Go != runtime.Version() || v.Module != "github.com/errcat/errcat" || v.Version == "" {
		t.Errorf("errcat version: %+v, want module github.com/errcat/errcat, built by %s", v, runtime.Version())
	}
}
