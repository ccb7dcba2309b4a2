package main

import (
	"bufio"
	"os"
	"slices"
	"strings"
	"testing"
)

// TestGeneratedUpToDate fails when the root package's codes.go is not what
// its go:generate line writes from the embedded catalog: it runs that very
// line's arguments, from the module's root as go generate would.
func TestGeneratedUpToDate(t *testing.T) {
	t.Chdir("../..")
	args := generateLine(t, "i18n.go")
	i := slices.Index(args, "-o")
	if i < 0 || i+1 >= len(args) {
		t.Fatalf("the go:generate line %q names no -o FILE", args)
	}
	file := args[i+1]
	args = slices.Delete(args, i, i+2)
	code, stdout, stderr := errcat(t, args...)
	if code != exitOK || stderr != "" {
		t.Fatalf("errcat %s: exit %d\n%s", strings.Join(args, " "), code, stderr)
	}
	got, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	if string(got) != stdout {
		t.Fatalf("%s is out of date: run go generate ./... at the top of the module", file)
	}
}

// generateLine returns the errcat arguments of file's go:generate line.
func generateLine(t *testing.T, file string) []string {
	t.Helper()
	f, err := os.Open(file)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if rest, ok := strings.CutPrefix(sc.Text(), "//go:generate go run ./cmd/errcat "); ok {
			return strings.Fields(rest)
		}
	}
	t.Fatalf("%s has no //go:generate go run ./cmd/errcat line", file)
	return nil
}
