package exchange

import (
	"os/exec"
	"strings"
	"testing"
)

// The lead wires this package to the catalog and the CLI; it must not reach
// into them, so that the codecs stay usable from either side.
func TestImportsNoOtherErrcatPackage(t *testing.T) {
	if _, err := exec.LookPath("go"); err != nil {
		t.Skip("go is not on PATH")
	}
	out, err := exec.Command("go", "list", "-deps", "-f", "{{.ImportPath}}", ".").Output()
	if err != nil {
		t.Fatal(err)
	}
	for dep := range strings.FieldsSeq(string(out)) {
		if strings.HasPrefix(dep, "github.com/errcat/errcat") && dep != "github.com/errcat/errcat/catalog/exchange" {
			t.Errorf("imports %s", dep)
		}
	}
}
