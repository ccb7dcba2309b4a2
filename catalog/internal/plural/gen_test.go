package plural_test

import (
	"bytes"
	"os"
	"os/exec"
	"strings"
	"testing"

	"github.com/errcat/errcat/catalog/internal/plural/internal/cldr"
)

// loadData reads the checked-in CLDR data the generated rules come from.
func loadData(t testing.TB) *cldr.Data {
	t.Helper()
	d, err := cldr.Load(os.DirFS("testdata/cldr"))
	if err != nil {
		t.Fatal(err)
	}
	return d
}

// TestGeneratedFileIsCurrent regenerates rules_gen.go in-process from
// testdata/cldr and fails when the checked-in file differs, so that a data
// refresh or a generator change cannot land without `go generate`.
func TestGeneratedFileIsCurrent(t *testing.T) {
	want, err := cldr.Generate(loadData(t))
	if err != nil {
		t.Fatal(err)
	}
	got, err := os.ReadFile("rules_gen.go")
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Fatal("rules_gen.go is stale: run `go generate ./catalog/internal/plural`")
	}
}

// TestRuntimeImportsNoTooling pins that the package a server links carries
// neither the generator nor its JSON and go/format dependencies: those are
// for go generate and the tests only.
func TestRuntimeImportsNoTooling(t *testing.T) {
	goTool, err := exec.LookPath("go")
	if err != nil {
		t.Skip("go not on PATH")
	}
	out, err := exec.Command(goTool, "list", "-deps", ".").Output()
	if err != nil {
		t.Fatalf("go list -deps: %v", err)
	}
	for _, dep := range strings.Fields(string(out)) {
		if strings.Contains(dep, "/plural/internal/") || dep == "go/format" || dep == "encoding/json" || dep == "math/big" {
			t.Errorf("package plural depends on %s", dep)
		}
	}
}
