package errcat_test

import (
	"os"
	"os/exec"
	"regexp"
	"slices"
	"strings"
	"testing"
)

const module = "github.com/errcat/errcat"

// goList runs the go command's list over args and returns its lines.
func goList(t *testing.T, args ...string) []string {
	t.Helper()
	if _, err := exec.LookPath("go"); err != nil {
		t.Skip("no go command on PATH")
	}
	out, err := exec.Command("go", append([]string{"list"}, args...)...).Output()
	if err != nil {
		t.Fatalf("go list %s: %v", strings.Join(args, " "), err)
	}
	return strings.Fields(string(out))
}

// The translator's tools: a program that serves errors must link none of
// them.
var tooling = []string{
	module + "/catalog/coverage",
	module + "/catalog/exchange",
	module + "/catalog/history",
	module + "/catalog/lint",
	module + "/catalog/workfile",
	module + "/catalog/exchange",
	module + "/internal/safefile",
	module + "/status",
	module + "/cmd/errcat",
}

// TestRuntimeCarriesNoTools holds the layout's direction: the runtime
// packages never import the tooling, and a program that only calls
// errcat.WriteError (testdata/apionly) links no tool, no gob codec, no HTML
// templates and no Prometheus. The server may carry Prometheus, for its
// /metrics, but not the status pages or the tools.
func TestRuntimeCarriesNoTools(t *testing.T) {
	// x/text's display builds matchers in its init: half a millisecond and
	// 200 KB of heap in every program that links it. The runtime reads the
	// generated table of catalog/selfnames_gen.go instead.
	noDisplay := []string{"golang.org/x/text/language/display", module + "/catalog/internal/selfnames"}
	cases := []struct {
		pkg       string
		forbidden []string
	}{
		{"./testdata/apionly", append([]string{"encoding/gob", "html/template", "github.com/prometheus/", "github.com/fsnotify/"}, append(noDisplay, tooling...)...)},
		{".", append([]string{"encoding/gob", "html/template", "github.com/prometheus/"}, append(noDisplay, tooling...)...)},
		{"./catalog", append([]string{"encoding/gob", "html/template", "github.com/prometheus/", "net/http"}, append(noDisplay, tooling...)...)},
		{"./catalog/diag", tooling},
		{"./internal/envelope", tooling},
		{"./server", append([]string{"encoding/gob", "html/template"}, append(noDisplay, tooling...)...)},
	}
	for _, tc := range cases {
		t.Run(tc.pkg, func(t *testing.T) {
			for _, dep := range goList(t, "-deps", tc.pkg) {
				for _, f := range tc.forbidden {
					if dep == f || strings.HasSuffix(f, "/") && strings.HasPrefix(dep, f) {
						t.Errorf("%s links %s", tc.pkg, dep)
					}
				}
			}
		})
	}
}

// TestREADMEListsEveryPackage: the README's layout section names every
// package of the module with its job, so a newcomer finds each part by its
// name. A package added without a line there fails this test.
func TestREADMEListsEveryPackage(t *testing.T) {
	readme, err := os.ReadFile("README.md")
	if err != nil {
		t.Fatal(err)
	}
	section := regexp.MustCompile(`(?s)\n## Layout\n(.*?)(\n## |\z)`).FindSubmatch(readme)
	if section == nil {
		t.Fatal("README.md has no ## Layout section")
	}
	// Each package is a table row or list item naming its directory in
	// backquotes: | `catalog/lint/` | ... |
	listed := map[string]bool{}
	for _, m := range regexp.MustCompile("`([a-z0-9_./-]+)/?`").FindAllStringSubmatch(string(section[1]), -1) {
		listed[strings.TrimSuffix(m[1], "/")] = true
	}
	for _, pkg := range goList(t, "./...") {
		dir := strings.TrimPrefix(strings.TrimPrefix(pkg, module), "/")
		if dir == "" {
			dir = "."
		}
		if !listed[dir] && !(dir == "." && listed["errcat"]) {
			t.Errorf("README.md's layout section does not list %s (%s)", dir, pkg)
		}
	}
	if !slices.Contains(goList(t, "./..."), module) {
		t.Error("go list ./... does not list the root package")
	}
}
