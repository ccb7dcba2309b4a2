package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/rogpeppe/go-internal/testscript"
)

// TestModuleScripts runs the scripts in testdata/module, which copy the
// whole module, change its catalog as a team would (a new locale, a changed
// English text) and run go test ./... on the copy: the tests check
// invariants, not the shipped content, so they must pass there too.
//
// Each script runs the module's whole suite, minutes of work, so the test
// runs only with ERRCAT_MODULE_TEST=1, as CI sets it. The copy's go test
// uses this process's module and build caches, with GOPROXY=off: every
// module it needs is in the cache already, since this test was built.
// The scripts' environment does not carry ERRCAT_MODULE_TEST, so the copy
// does not run the scripts again.
func TestModuleScripts(t *testing.T) {
	if os.Getenv("ERRCAT_MODULE_TEST") != "1" {
		t.Skip("runs go test ./... on a copy of the module; set ERRCAT_MODULE_TEST=1 to run it")
	}
	goEnv := map[string]string{}
	out, err := exec.Command("go", "env", "GOCACHE", "GOMODCACHE", "GOPATH", "GOFLAGS").Output()
	if err != nil {
		t.Fatalf("go env: %v", err)
	}
	vals := strings.Split(string(out), "\n")
	for i, k := range []string{"GOCACHE", "GOMODCACHE", "GOPATH", "GOFLAGS"} {
		goEnv[k] = vals[i]
	}
	root := repoRoot(t)
	testscript.Run(t, testscript.Params{
		Dir: "../../testdata/module",
		Cmds: map[string]func(ts *testscript.TestScript, neg bool, args []string){
			"copymodule": func(ts *testscript.TestScript, neg bool, args []string) {
				if neg || len(args) != 1 {
					ts.Fatalf("usage: copymodule DIR")
				}
				ts.Check(copyTree(root, ts.MkAbs(args[0])))
			},
			"filluntranslated": cmdFillUntranslated,
			"settext":          cmdSetText,
			"status":           cmdStatus,
		},
		RequireUniqueNames: true,
		Setup: func(e *testscript.Env) error {
			for k, v := range goEnv {
				e.Setenv(k, v)
			}
			e.Setenv("GOPROXY", "off")
			// The copy's tests run git, Chromium and translate-toolkit,
			// which want a home and this process's locale settings
			// (translate-toolkit misreads XLIFF without a UTF-8 locale).
			for _, k := range []string{"HOME", "LANG", "LC_ALL", "LC_CTYPE"} {
				if v, ok := os.LookupEnv(k); ok {
					e.Setenv(k, v)
				}
			}
			// A temporary folder of the copy's own, near the root: its tests
			// bind Unix sockets there (whose paths are short), and a test run
			// as root runs errcat as nobody from there, which a folder in the
			// script's private $WORK would not let through.
			tmp, err := os.MkdirTemp("", "errcat-module-")
			if err != nil {
				return err
			}
			e.Defer(func() { os.RemoveAll(tmp) })
			e.Setenv("TMPDIR", tmp)
			return nil
		},
	})
}

// cmdFillUntranslated plays a translator who does the whole work file at
// once: filluntranslated FILE PREFIX sets each empty "other" of work file
// FILE to PREFIX and the English in the comment above it, so that the
// translation is complete and keeps the source's placeholders.
func cmdFillUntranslated(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 2 {
		ts.Fatalf("usage: filluntranslated FILE PREFIX")
	}
	data, err := os.ReadFile(ts.MkAbs(args[0]))
	ts.Check(err)
	lines := strings.Split(string(data), "\n")
	english, filled := "", 0
	for i, l := range lines {
		if en, ok := strings.CutPrefix(l, "# en: "); ok {
			english = en
		} else if l == `other = ""` && english != "" {
			lines[i] = "other = " + strconv.Quote(args[1]+english)
			english, filled = "", filled+1
		}
	}
	if filled == 0 {
		ts.Fatalf("%s: no empty entry with its English in a comment", args[0])
	}
	ts.Check(os.WriteFile(ts.MkAbs(args[0]), []byte(strings.Join(lines, "\n")), 0o644))
	ts.Logf("filled %d entries", filled)
}

// cmdSetText changes a text, whatever it says now: settext FILE CODE TEXT
// sets the "other" of entry CODE of bundle FILE to TEXT, or, in a Markdown
// table such as testdata/error-codes.md, the text of CODE's row.
func cmdSetText(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 3 {
		ts.Fatalf("usage: settext FILE CODE TEXT")
	}
	file, code, text := args[0], regexp.QuoteMeta(args[1]), args[2]
	data, err := os.ReadFile(ts.MkAbs(file))
	ts.Check(err)
	var re *regexp.Regexp
	var repl string
	if filepath.Ext(file) == ".md" {
		re, repl = regexp.MustCompile(`(?m)^(`+code+` \| ).*( \|\s*)$`), "${1}"+text+"${2}"
	} else {
		re, repl = regexp.MustCompile(`(?m)^(\["`+code+`"\]\n(?:[a-z]+ = .*\n)*?other = ).*$`), "${1}"+strconv.Quote(text)
	}
	m := re.FindSubmatchIndex(data)
	if m == nil {
		ts.Fatalf("%s: no text of code %s", file, args[1])
	}
	data = append(append(append([]byte{}, data[:m[0]]...), re.Expand(nil, []byte(repl), data, m)...), data[m[1]:]...)
	ts.Check(os.WriteFile(ts.MkAbs(file), data, 0o644))
}
