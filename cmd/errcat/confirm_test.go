package main

import (
	"bytes"
	"errors"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"golang.org/x/text/language"

	"github.com/errcat/errcat/catalog"
)

// confirmJA is safeJA with its one translation stale: the hash of another
// English text.
var confirmJA = strings.Replace(safeJA, `hash = "sha1-a2deac2a9a1c1f2e42fb0f1fd44fc83db8a8a24d"`, `hash = "sha1-0000000000000000000000000000000000000000"`, 1)

// currentJA is confirmJA as confirm 1000 should leave it: the hash of
// today's English of 1000, read from safeEN, in place of the stale one.
func currentJA(t *testing.T) string {
	src, _ := catalog.ParseBundle("en.toml", language.English, []byte(safeEN))
	if src == nil || src.Lookup("1000") == nil || !strings.Contains(confirmJA, "sha1-0000000000000000000000000000000000000000") {
		t.Fatal("the test catalog has no 1000 to confirm")
	}
	return strings.Replace(confirmJA, "sha1-0000000000000000000000000000000000000000", src.Lookup("1000").SourceHash(), 1)
}

// TestConfirmKeepsAConcurrentSave runs the real errcat confirm, holds it
// between reading ja.toml and replacing it (with the test-only
// ERRCAT_TEST_PAUSE_BEFORE_WRITE hook), and saves ja.toml meanwhile, as the
// translator would who is editing it. The save must survive: confirm
// writes nothing, says the file changed, and exits 1. Without a save, the
// same run changes the hash line and nothing else.
func TestConfirmKeepsAConcurrentSave(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("the test renames over open files")
	}
	bin := buildErrcat(t)
	setup := func(t *testing.T) (dir, ja string) {
		dir = t.TempDir()
		writeOrFatal(t, filepath.Join(dir, "en.toml"), []byte(safeEN))
		ja = filepath.Join(dir, "ja.toml")
		writeOrFatal(t, ja, []byte(confirmJA))
		return dir, ja
	}

	t.Run("without a save", func(t *testing.T) {
		dir, ja := setup(t)
		cmd, pause := startPaused(t, bin, dir, "confirm", "--locale", "ja", "1000")
		waitPaused(t, cmd, pause)
		writeOrFatal(t, pause, nil)
		if err := cmd.Wait(); err != nil {
			t.Fatalf("errcat confirm: %v\n%s", err, cmd.Stderr)
		}
		if got, want := string(readOrFatal(t, ja)), currentJA(t); got != want {
			t.Errorf("ja.toml after confirm:\n%s\nwant only its hash line changed:\n%s", got, want)
		}
	})

	for round := range *concurrentRounds {
		dir, ja := setup(t)
		cmd, pause := startPaused(t, bin, dir, "confirm", "--locale", "ja", "1000")
		waitPaused(t, cmd, pause)
		theirs := bytes.Replace([]byte(confirmJA), []byte("システムが混み合っています。"), []byte("ただいま混み合っています。"), 1)
		writeOrFatal(t, ja, theirs)
		writeOrFatal(t, pause, nil)
		err := cmd.Wait()
		stderr := cmd.Stderr.(*bytes.Buffer).String()
		var ee *exec.ExitError
		if !errors.As(err, &ee) || ee.ExitCode() != exitProblems {
			t.Errorf("round %d: errcat confirm: %v, want exit 1\n%s", round, err, stderr)
		}
		if want := "errcat confirm: " + filepath.ToSlash(dir) + "/ja.toml changed since confirm read it"; !strings.Contains(stderr, want) ||
			!strings.Contains(stderr, "nothing was written") {
			t.Errorf("round %d: stderr\n%s\nwant it to say %q and that nothing was written", round, stderr, want)
		}
		if got := readOrFatal(t, ja); !bytes.Equal(got, theirs) {
			t.Fatalf("round %d: the translator's save was lost; ja.toml is\n%s", round, got)
		}
	}
}
