package lint_test

import (
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/errcat/errcat/catalog"
	"github.com/errcat/errcat/catalog/diag"
	"github.com/errcat/errcat/catalog/lint"
)

// writeFolder writes a source of 40 codes and translations whose names sort
// before and after it, each with findings of several rules, one with a
// syntax error and one with a file name not in canonical form.
func writeFolder(t *testing.T, dir string, translations []string) {
	t.Helper()
	rnd := rand.New(rand.NewPCG(7, 8))
	var src strings.Builder
	for code := 1000; code < 1040; code++ {
		if code%3 == 0 {
			fmt.Fprintf(&src, "[\"%d\"]\nother = \"Value %d must be at most {{.Max}}\"\n", code, code)
		} else {
			fmt.Fprintf(&src, "[\"%d\"]\nother = \"Error number %d\"\n", code, code)
		}
	}
	files := map[string]string{"en.toml": src.String()}
	for _, name := range translations {
		var b strings.Builder
		for code := 1000; code < 1045; code++ {
			switch rnd.IntN(6) {
			case 0: // missing
			case 1:
				fmt.Fprintf(&b, "[\"%d\"]\nother = \"Übersetzt %d \"\n", code, code) // whitespace, maybe a placeholder missing
			case 2:
				fmt.Fprintf(&b, "[\"%d\"]\nother = \"\"\n", code) // empty
			case 3:
				fmt.Fprintf(&b, "[\"%d\"]\nother = \"Wert {{.Maximum}}\"\n", code) // an unknown placeholder
			default:
				fmt.Fprintf(&b, "[\"%d\"]\nother = \"Übersetzt %d {{.Max}}\"\n", code, code)
			}
		}
		files[name] = b.String()
	}
	files["it.toml"] = "[\"1000\"]\nother = \"unterminated\n"
	for name, data := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

func stream(t *testing.T, dir string) []diag.Diagnostic {
	t.Helper()
	f, err := catalog.OpenFolder(os.DirFS(dir), "locales")
	if err != nil {
		t.Fatal(err)
	}
	var (
		out    []diag.Diagnostic
		inside atomic.Int32
	)
	lint.Stream(f, func(ds []diag.Diagnostic) {
		if inside.Add(1) != 1 {
			t.Error("emit called from two goroutines at once")
		}
		if len(ds) == 0 {
			t.Error("emit called with no findings")
		}
		out = append(out, ds...)
		inside.Add(-1)
	})
	return out
}

// Stream's findings, in the order it hands them over, are every finding of
// every bundle sorted: the same each run, however the bundles' checks are
// scheduled, and the same as each translation linted beside the source on
// its own.
func TestStreamIsSortedAndComplete(t *testing.T) {
	translations := []string{"ar.toml", "de.toml", "es.toml", "fr.toml", "ja.toml", "ja_JP.toml", "ru.toml", "zh-Hant.toml"}
	dir := t.TempDir()
	writeFolder(t, dir, translations)
	got := stream(t, dir)
	sorted := slices.Clone(got)
	diag.Sort(sorted)
	if !slices.Equal(got, sorted) {
		t.Error("the findings are not in diag.Sort's order")
	}
	for range 5 {
		if again := stream(t, dir); !slices.Equal(again, got) {
			t.Fatal("a second run handed over other findings, or in another order")
		}
	}
	files := map[string]bool{}
	for _, d := range got {
		files[filepath.Base(d.File)] = true
	}
	for _, name := range append(translations, "it.toml") {
		if !files[name] {
			t.Errorf("no finding about %s", name)
		}
	}

	// Each file's findings again, from a folder of the source and that file
	// alone: what Stream found about it, no more, no less.
	var want []diag.Diagnostic
	for _, name := range append(translations, "it.toml", "") {
		one := t.TempDir()
		for _, f := range []string{"en.toml", name} {
			if f == "" {
				continue
			}
			data, err := os.ReadFile(filepath.Join(dir, f))
			if err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(filepath.Join(one, f), data, 0o644); err != nil {
				t.Fatal(err)
			}
		}
		for _, d := range stream(t, one) {
			if name == "" || filepath.Base(d.File) == name {
				want = append(want, d)
			}
		}
	}
	diag.Sort(want)
	if !slices.Equal(got, want) {
		t.Errorf("the findings of the whole folder:\n%v\nwant those of each file alone:\n%v", got, want)
	}
}
