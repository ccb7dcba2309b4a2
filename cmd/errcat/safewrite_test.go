package main

import (
	"bytes"
	"errors"
	"flag"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"testing"
	"time"
)

// The source, a Japanese bundle that translates one of its codes, and the
// rest of a small catalog, for the tests of what merge and todo write.
const (
	safeEN = `# Test catalog: English, the source.

["1000"]
other = "The system is busy"

["2004"]
other = "User does not exist"

["2005"]
other = "User has been locked"

["3001"]
other = "The name is too long"
`
	safeJA = `# Test catalog: Japanese.

["1000"]
hash = "sha1-a2deac2a9a1c1f2e42fb0f1fd44fc83db8a8a24d"
other = "システムが混み合っています。"
`
)

// writeSafeCatalog writes the small catalog to a new folder, runs errcat
// todo for ja, and fills in the work file's 2004 and 2005 but not 3001, so
// that merge writes both the bundle and the work file. It returns the
// folder.
func writeSafeCatalog(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	writeOrFatal(t, filepath.Join(dir, "en.toml"), []byte(safeEN))
	writeOrFatal(t, filepath.Join(dir, "ja.toml"), []byte(safeJA))
	if code, _, stderr := errcat(t, "todo", "--locales", dir, "--locale", "ja"); code != exitOK {
		t.Fatalf("errcat todo: exit %d\n%s", code, stderr)
	}
	work := filepath.Join(dir, "translate.ja.toml")
	data := string(readOrFatal(t, work))
	for _, fill := range []struct{ code, text string }{{"2004", "ユーザーは存在しません。"}, {"2005", "ユーザーはロックされています。"}} {
		i := strings.Index(data, "[\""+fill.code+"\"]")
		j := i + strings.Index(data[i:], "other = \"\"")
		data = data[:j] + "other = \"" + fill.text + "\"" + data[j+len("other = \"\""):]
	}
	writeOrFatal(t, work, []byte(data))
	return dir
}

// concurrentRounds is how many times TestConcurrentSaves lets a person save
// each file while the command is between its read and its write.
var concurrentRounds = flag.Int("concurrent-rounds", 20, "rounds of each case of TestConcurrentSaves")

// TestConcurrentSaves runs the real errcat merge and errcat todo, holds
// each in the moment between reading the files it writes and replacing
// them (with the test-only ERRCAT_TEST_PAUSE_BEFORE_WRITE hook), and saves
// one of those files meanwhile, as a colleague or the translator would.
// The save must survive every round: the command writes nothing, says
// which file changed, and exits 1. It counts the lost updates, which must
// be 0; docs/RELIABILITY.md records the figure.
func TestConcurrentSaves(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("the tests below rename over open files")
	}
	bin := buildErrcat(t)
	cases := []struct {
		name  string
		args  []string
		setup func(t *testing.T, dir string) // after writeSafeCatalog
		file  string                         // the file saved meanwhile
		save  func(old []byte) []byte
		want  string // the error's first words
	}{{
		name: "merge, a colleague saves ja.toml",
		args: []string{"merge", "--locale", "ja"},
		file: "ja.toml",
		save: func(old []byte) []byte {
			return append(old, "\n[\"3001\"]\nhash = \"sha1-colleague\"\nother = \"名前が長すぎます。\"\n"...)
		},
		want: "ja.toml changed since merge read it (someone saved it meanwhile: it is now",
	}, {
		name: "merge, the translator saves the work file",
		args: []string{"merge", "--locale", "ja"},
		file: "translate.ja.toml",
		save: func(old []byte) []byte {
			return bytes.Replace(old, []byte(`other = ""`), []byte(`other = "名前が長すぎます。"`), 1)
		},
		want: "translate.ja.toml changed since merge read it (someone saved it meanwhile",
	}, {
		name: "todo, the translator saves the work file",
		args: []string{"todo", "--locale", "ja"},
		// The work file lacks 3001, which todo adds.
		setup: func(t *testing.T, dir string) {
			work := filepath.Join(dir, "translate.ja.toml")
			data := readOrFatal(t, work)
			writeOrFatal(t, work, data[:bytes.Index(data, []byte("\n[\"3001\"]"))+1])
		},
		file: "translate.ja.toml",
		save: func(old []byte) []byte { return append(old, "# 2005: ロック or 凍結? ask the account team\n"...) },
		want: "translate.ja.toml changed since todo read it (someone saved it meanwhile",
	}}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			// One round without a save: the hook holds the command, and
			// then it does its job.
			dir := writeSafeCatalog(t)
			if c.setup != nil {
				c.setup(t, dir)
			}
			before := readOrFatal(t, filepath.Join(dir, c.file))
			cmd, pause := startPaused(t, bin, dir, c.args...)
			waitPaused(t, cmd, pause)
			writeOrFatal(t, pause, nil)
			if err := cmd.Wait(); err != nil && c.args[0] == "todo" {
				t.Fatalf("errcat todo without a save: %v\n%s", err, cmd.Stderr)
			}
			if after, _ := os.ReadFile(filepath.Join(dir, c.file)); bytes.Equal(after, before) {
				t.Fatalf("errcat %s without a save did not write %s", c.args[0], c.file)
			}

			lost := 0
			for round := range *concurrentRounds {
				dir := writeSafeCatalog(t)
				if c.setup != nil {
					c.setup(t, dir)
				}
				files := map[string][]byte{}
				for _, n := range []string{"ja.toml", "translate.ja.toml"} {
					files[n] = readOrFatal(t, filepath.Join(dir, n))
				}
				cmd, pause := startPaused(t, bin, dir, c.args...)
				waitPaused(t, cmd, pause)
				theirs := c.save(files[c.file])
				writeOrFatal(t, filepath.Join(dir, c.file), theirs)
				files[c.file] = theirs
				writeOrFatal(t, pause, nil)
				err := cmd.Wait()
				stderr := cmd.Stderr.(*bytes.Buffer).String()
				var ee *exec.ExitError
				if !errors.As(err, &ee) || ee.ExitCode() != exitProblems {
					t.Errorf("round %d: errcat %s: %v, want exit 1\n%s", round, c.args[0], err, stderr)
				}
				if want := "errcat " + c.args[0] + ": " + filepath.ToSlash(dir) + "/" + c.want; !strings.Contains(stderr, want) ||
					!strings.Contains(stderr, "; nothing was written; run errcat "+c.args[0]+" again") {
					t.Errorf("round %d: stderr\n%s\nwant it to say %q, nothing was written, and to run it again", round, stderr, want)
				}
				for n, want := range files {
					if got := readOrFatal(t, filepath.Join(dir, n)); !bytes.Equal(got, want) {
						if n == c.file {
							lost++
						}
						t.Errorf("round %d: %s changed:\n%s", round, n, got)
					}
				}
				if extra := slices.DeleteFunc(listNames(t, dir), func(n string) bool { return n == "en.toml" || files[n] != nil }); len(extra) > 0 {
					t.Errorf("round %d: left %q", round, extra)
				}
			}
			t.Logf("lost updates: %d of %d", lost, *concurrentRounds)
		})
	}
}

// startPaused starts the errcat binary on the catalog in dir with the
// test-only pause hook, and returns the command and the file whose
// creation lets it go on.
func startPaused(t *testing.T, bin, dir string, args ...string) (*exec.Cmd, string) {
	t.Helper()
	pause := filepath.Join(t.TempDir(), "go-on")
	cmd := exec.Command(bin, append(args, "--locales", dir)...)
	cmd.Env = append(os.Environ(), pauseEnv+"="+pause, "ERRCAT_CACHE_DIR=off")
	cmd.Stdout, cmd.Stderr = new(bytes.Buffer), new(bytes.Buffer)
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { cmd.Process.Kill() })
	return cmd, pause
}

// waitPaused waits until the command started by startPaused is held by the
// hook, between its read and its write.
func waitPaused(t *testing.T, cmd *exec.Cmd, pause string) {
	t.Helper()
	for deadline := time.Now().Add(10 * time.Second); ; time.Sleep(time.Millisecond) {
		if _, err := os.Stat(pause + ".paused"); err == nil {
			return
		}
		if time.Now().After(deadline) {
			cmd.Process.Kill()
			cmd.Wait()
			t.Fatalf("errcat %s never paused before writing (the hook %s is not there?)\nstdout:\n%s\nstderr:\n%s",
				cmd.Args[1], pauseEnv, cmd.Stdout, cmd.Stderr)
		}
	}
}

// TestTwoMergesAtOnce starts a second errcat merge while a first holds the
// locks: the second waits, and says for whom, and then reads what the first
// wrote, so that the two never interleave.
func TestTwoMergesAtOnce(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("no flock")
	}
	bin := buildErrcat(t)
	dir := writeSafeCatalog(t)
	first, pause := startPaused(t, bin, dir, "merge")
	waitPaused(t, first, pause)
	// --verbose: the second merge names each entry left, 3001 among them.
	second := exec.Command(bin, "merge", "--verbose", "--locales", dir)
	var out lockedBuffer // read while the command writes
	second.Stdout, second.Stderr = &out, &out
	if err := second.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { second.Process.Kill() })
	waiting := fmt.Sprintf("waiting for process %d, which is writing %s/ja.toml", first.Process.Pid, filepath.ToSlash(dir))
	for deadline := time.Now().Add(10 * time.Second); !strings.Contains(out.String(), waiting); time.Sleep(5 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("the second merge did not wait for the first:\n%s", out.String())
		}
	}
	writeOrFatal(t, pause, nil)
	if err := first.Wait(); err == nil || first.ProcessState.ExitCode() != exitProblems {
		t.Fatalf("the first merge: %v, want exit 1 (3001 left to translate)\n%s", err, first.Stderr)
	}
	merged := readOrFatal(t, filepath.Join(dir, "ja.toml"))
	left := readOrFatal(t, filepath.Join(dir, "translate.ja.toml"))
	second.Wait()
	// The second read the first's result: 3001 is still not translated,
	// and nothing else is left to merge.
	if !bytes.Equal(readOrFatal(t, filepath.Join(dir, "ja.toml")), merged) || !bytes.Equal(readOrFatal(t, filepath.Join(dir, "translate.ja.toml")), left) {
		t.Errorf("the second merge changed the files the first wrote:\n%s", out.String())
	}
	if !strings.Contains(out.String(), "warning: code 3001: not translated yet") || strings.Contains(out.String(), "merged") {
		t.Errorf("the second merge did not start from the first's result:\n%s", out.String())
	}
}

// TestWritesKeepTheFile merges into bundles that are not plain files of
// the process's own: a symlink into a shared checkout, a read-only file,
// another user's file, one with a byte order mark or a stray CRLF line.
func TestWritesKeepTheFile(t *testing.T) {
	merge := func(t *testing.T, dir string) (int, string) {
		t.Helper()
		code, stdout, stderr := errcat(t, "merge", "--locales", dir)
		return code, stdout + stderr
	}
	t.Run("a symlinked bundle is written through", func(t *testing.T) {
		if runtime.GOOS == "windows" {
			t.Skip("symlinks need privileges on Windows")
		}
		dir := writeSafeCatalog(t)
		shared := filepath.Join(t.TempDir(), "checkout")
		if err := os.Mkdir(shared, 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.Rename(filepath.Join(dir, "ja.toml"), filepath.Join(shared, "ja.toml")); err != nil {
			t.Fatal(err)
		}
		if err := os.Symlink(filepath.Join(shared, "ja.toml"), filepath.Join(dir, "ja.toml")); err != nil {
			t.Fatal(err)
		}
		if code, out := merge(t, dir); code != exitProblems || !strings.Contains(out, "merged 2 translations") {
			t.Fatalf("errcat merge: exit %d\n%s", code, out)
		}
		if st, err := os.Lstat(filepath.Join(dir, "ja.toml")); err != nil || st.Mode()&fs.ModeSymlink == 0 {
			t.Fatalf("ja.toml is no longer a symlink: %v %v", st.Mode(), err)
		}
		if got := string(readOrFatal(t, filepath.Join(shared, "ja.toml"))); !strings.Contains(got, "ユーザーはロックされています。") {
			t.Errorf("the shared checkout's ja.toml was not updated:\n%s", got)
		}
		if got := listNames(t, shared); !slices.Equal(got, []string{"ja.toml"}) {
			t.Errorf("the shared checkout holds %q", got)
		}
	})
	t.Run("a read-only bundle is refused", func(t *testing.T) {
		dir := writeSafeCatalog(t)
		ja := filepath.Join(dir, "ja.toml")
		if err := os.Chmod(ja, 0o444); err != nil {
			t.Fatal(err)
		}
		before, work := readOrFatal(t, ja), readOrFatal(t, filepath.Join(dir, "translate.ja.toml"))
		code, out := merge(t, dir)
		if want := fmt.Sprintf("errcat merge: %s/ja.toml: the file is read-only (mode 0444); make it writable", filepath.ToSlash(dir)); code != exitProblems || !strings.Contains(out, want) {
			t.Fatalf("errcat merge: exit %d\n%s\nwant exit 1 and %q", code, out, want)
		}
		st, err := os.Stat(ja)
		if err != nil || st.Mode().Perm() != 0o444 || !bytes.Equal(readOrFatal(t, ja), before) ||
			!bytes.Equal(readOrFatal(t, filepath.Join(dir, "translate.ja.toml")), work) {
			t.Errorf("a file changed: ja.toml mode %v", st.Mode())
		}
	})
	t.Run("a BOM and a CRLF line stay, and nothing else changes", func(t *testing.T) {
		dir := writeSafeCatalog(t)
		ja := filepath.Join(dir, "ja.toml")
		// An editor on Windows saved the header line, with a BOM.
		old := "\uFEFF" + strings.Replace(safeJA, "# Test catalog: Japanese.\n", "# Test catalog: Japanese.\r\n", 1)
		writeOrFatal(t, ja, []byte(old))
		if code, out := merge(t, dir); code != exitProblems || !strings.Contains(out, "merged 2 translations") {
			t.Fatalf("errcat merge: exit %d\n%s", code, out)
		}
		got := string(readOrFatal(t, ja))
		if !strings.HasPrefix(got, old) {
			t.Errorf("the old text is not kept, byte for byte:\n%q", got)
		}
		if strings.Count(got, "\r\n") != 1 || !strings.HasPrefix(got, "\uFEFF") {
			t.Errorf("want the BOM and one CRLF line:\n%q", got)
		}
	})
}
