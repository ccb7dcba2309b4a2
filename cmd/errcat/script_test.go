package main

import (
	"errors"
	"flag"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/rogpeppe/go-internal/testscript"
)

// TestMain lets the scripts run errcat: testscript builds a copy of the test
// binary named errcat, and that copy runs the real program through main,
// signal handling included.
func TestMain(m *testing.M) {
	testscript.Main(removingBuild{m}, map[string]func(){"errcat": main})
}

// removingBuild runs the tests, then removes the errcat buildErrcat built.
type removingBuild struct{ m *testing.M }

func (r removingBuild) Run() int {
	code := r.m.Run()
	if built.dir != "" {
		os.RemoveAll(built.dir)
	}
	return code
}

var update = flag.Bool("update", false, "rewrite the expected output in testdata/script from what errcat prints")

// TestScripts runs the command-line scripts in testdata/script: each is a
// txtar archive of bundles, errcat command lines, their expected output and
// exit status.
func TestScripts(t *testing.T) {
	testscript.Run(t, testscript.Params{
		Dir: "../../testdata/script",
		Cmds: scriptCmds(map[string]func(ts *testscript.TestScript, neg bool, args []string){
			"fill":   cmdFill,
			"status": cmdStatus,
		}),
		RequireUniqueNames: true,
		UpdateScripts:      *update,
		Setup: func(e *testscript.Env) error {
			// Under -race, each errcat process would sleep a second before
			// exiting, by default, to let the race detector's reports
			// flush; a report still fails the script, by its exit status.
			e.Setenv("GORACE", strings.TrimSpace(os.Getenv("GORACE")+" atexit_sleep_ms=0"))
			// git looks for a repository no higher than the script's own
			// folder, so that stale and todo find no history unless the
			// script made one, wherever the temporary folder is.
			e.Setenv("GIT_CEILING_DIRECTORIES", filepath.Dir(e.WorkDir))
			return nil
		},
	})
}

// cmdFill plays the translator: fill FILE CODE [FORM] TEXT sets the empty
// text of form FORM (default other) of entry CODE in work file FILE to TEXT.
func cmdFill(ts *testscript.TestScript, neg bool, args []string) {
	if neg {
		ts.Fatalf("unsupported: ! fill")
	}
	if len(args) != 3 && len(args) != 4 {
		ts.Fatalf("usage: fill FILE CODE [FORM] TEXT")
	}
	file, code, form, text := args[0], args[1], "other", args[len(args)-1]
	if len(args) == 4 {
		form = args[2]
	}
	data, err := os.ReadFile(ts.MkAbs(file))
	ts.Check(err)
	lines := strings.Split(string(data), "\n")
	header := "[" + strconv.Quote(code) + "]"
	in := false
	for i, l := range lines {
		switch {
		case strings.HasPrefix(l, "["):
			in = l == header
		case in && l == form+` = ""`:
			lines[i] = form + " = " + strconv.Quote(text)
			ts.Check(os.WriteFile(ts.MkAbs(file), []byte(strings.Join(lines, "\n")), 0o644))
			return
		}
	}
	ts.Fatalf("%s: no empty %s in entry %s", file, form, code)
}

// cmdStatus runs a command and checks its exit status: status N CMD ARGS...
// errcat's exit status says what it found (1: problems, 2: usage or load
// errors), so the scripts check it exactly, where "! errcat" would accept
// either.
func cmdStatus(ts *testscript.TestScript, neg bool, args []string) {
	if neg {
		ts.Fatalf("unsupported: ! status")
	}
	if len(args) < 2 {
		ts.Fatalf("usage: status N CMD [ARGS...]")
	}
	want, err := strconv.Atoi(args[0])
	ts.Check(err)
	got := 0
	if err := ts.Exec(args[1], args[2:]...); err != nil {
		var ee *exec.ExitError
		if !errors.As(err, &ee) {
			ts.Fatalf("%s: %v", args[1], err)
		}
		got = ee.ExitCode()
	}
	if got != want {
		ts.Fatalf("%s exited with status %d, want %d", args[1], got, want)
	}
}
