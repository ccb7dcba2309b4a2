package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestRunWritesTheCheckedInFile runs the generator as go generate does and
// compares its output with the package's rules_gen.go.
func TestRunWritesTheCheckedInFile(t *testing.T) {
	out := filepath.Join(t.TempDir(), "rules_gen.go")
	var stderr bytes.Buffer
	if err := run([]string{"-data", "../../testdata/cldr", "-o", out}, &stderr); err != nil {
		t.Fatalf("run: %v\n%s", err, stderr.String())
	}
	got, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	want, err := os.ReadFile("../../rules_gen.go")
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Error("generator output differs from rules_gen.go: run go generate")
	}
}

func TestRunErrors(t *testing.T) {
	var stderr bytes.Buffer
	for _, args := range [][]string{
		{"-data", t.TempDir()},
		{"extra"},
		{"-nosuchflag"},
	} {
		if err := run(args, &stderr); err == nil {
			t.Errorf("run(%s) succeeded", strings.Join(args, " "))
		}
	}
}
