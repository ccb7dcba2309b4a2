package main

import (
	"context"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"strings"
	"testing"
)

// In-process, errcat version reports the test binary's own build
// information, as ReadBuildInfo gives it.
func TestVersionInProcess(t *testing.T) {
	info, ok := debug.ReadBuildInfo()
	if !ok {
		t.Skip("no build information in the test binary")
	}
	var stdout, stderr lockedBuffer
	e := &env{stdin: strings.NewReader(""), stdout: &stdout, stderr: &stderr, getenv: func(string) string { return "" }}
	if code := run(context.Background(), []string{"--version", "--format", "json"}, e); code != 0 {
		t.Fatalf("exit %d: %s", code, stderr.String())
	}
	var got buildInfo
	if err := json.Unmarshal([]byte(stdout.String()), &got); err != nil {
		t.Fatalf("%v:\n%s", err, stdout.String())
	}
	if got.Go != info.GoVersion || got.Module != info.Main.Path || got.Platform != runtime.GOOS+"/"+runtime.GOARCH {
		t.Errorf("errcat --version: %+v; the build information says go %s, module %s", got, info.GoVersion, info.Main.Path)
	}
	if want := info.Main.Version; want != "" && got.Version != want {
		t.Errorf("version %q, want %q", got.Version, want)
	}
}

// TestVersionFromCheckout builds errcat in a clone of this repository, so
// that the go command records the revision (a worktree's .git file is not
// enough for it), and checks what errcat version reports: the revision, its
// commit time and the modified flag, then a version set by the linker as
// the Dockerfile sets it.
func TestVersionFromCheckout(t *testing.T) {
	gitBin, err := exec.LookPath("git")
	if err != nil {
		t.Skip("no git")
	}
	gobin, err := exec.LookPath("go")
	if err != nil {
		t.Skip("no go command")
	}
	clone := filepath.Join(t.TempDir(), "errcat")
	if out, err := exec.Command(gitBin, "clone", "--quiet", repoRoot(t), clone).CombinedOutput(); err != nil {
		t.Skipf("cannot clone the repository: %v\n%s", err, out)
	}
	git := func(args ...string) string {
		t.Helper()
		cmd := exec.Command(gitBin, args...)
		cmd.Dir = clone
		cmd.Env = append(os.Environ(), "TZ=UTC")
		out, err := cmd.Output()
		if err != nil {
			t.Fatalf("git %v: %v", args, err)
		}
		return strings.TrimSpace(string(out))
	}
	head := git("rev-parse", "HEAD")
	committed := git("log", "-1", "--format=%cd", "--date=format-local:%Y-%m-%dT%H:%M:%SZ")

	bin := filepath.Join(t.TempDir(), "errcat")
	version := func(ldflags string) buildInfo {
		t.Helper()
		args := []string{"build", "-buildvcs=true", "-trimpath", "-o", bin}
		if ldflags != "" {
			args = append(args, "-ldflags="+ldflags)
		}
		cmd := exec.Command(gobin, append(args, "./cmd/errcat")...)
		cmd.Dir = clone
		// As the Dockerfile builds, so that the two share the build cache.
		cmd.Env = append(os.Environ(), "CGO_ENABLED=0")
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("go build: %v\n%s", err, out)
		}
		out, err := exec.Command(bin, "version", "--format", "json").Output()
		if err != nil {
			t.Fatal(err)
		}
		var bi buildInfo
		if err := json.Unmarshal(out, &bi); err != nil {
			t.Fatalf("%v:\n%s", err, out)
		}
		return bi
	}

	bi := version("")
	if bi.Revision != head || bi.CommitTime != committed || bi.Modified == nil || *bi.Modified {
		t.Errorf("a clean checkout: revision %q at %q, modified %v; want %s at %s, not modified", bi.Revision, bi.CommitTime, bi.Modified, head, committed)
	}
	// The go command records the tag that names the revision, or makes a
	// pseudo-version of it.
	if tag := git("tag", "--points-at", "HEAD", "--list", "v*"); tag != "" {
		if bi.Version != strings.Fields(tag)[0] {
			t.Errorf("version %q, want the tag %q", bi.Version, tag)
		}
	} else if !strings.HasPrefix(bi.Version, "v") || !strings.HasSuffix(bi.Version, "-"+head[:12]) {
		t.Errorf("version %q, want a pseudo-version of %s", bi.Version, head[:12])
	}

	// An uncommitted file, and a version set by the linker as the
	// Dockerfile sets it.
	if err := os.WriteFile(filepath.Join(clone, "uncommitted.txt"), []byte("x\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	bi = version("-X main.version=v0.1.0")
	if bi.Version != "v0.1.0" || bi.Revision != head || bi.Modified == nil || !*bi.Modified {
		t.Errorf("built with -X main.version=v0.1.0 in a modified checkout: version %q, revision %q, modified %v", bi.Version, bi.Revision, bi.Modified)
	}
	out, err := exec.Command(bin, "version").Output()
	if err != nil {
		t.Fatal(err)
	}
	if want := "errcat v0.1.0\n"; !strings.HasPrefix(string(out), want) {
		t.Errorf("errcat version does not start with %q:\n%s", want, out)
	}
	if want := "\nrevision   " + head + " (modified)\n"; !strings.Contains(string(out), want) {
		t.Errorf("errcat version lacks %q:\n%s", want, out)
	}
}
