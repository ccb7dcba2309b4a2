package main

import (
	"bytes"
	"errors"
	"flag"
	"fmt"
	"io/fs"
	"math"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/errcat/errcat/catalog"
	"github.com/errcat/errcat/locales"
	"golang.org/x/text/feature/plural"
)

// TestAtomicWrites is the fault-injection test of the files errcat merge and
// errcat todo write. It builds the real errcat, and runs each command again
// and again on the shipped catalog grown by a thousand codes, killing it with
// SIGKILL at a different moment each time: half the kills are spread evenly
// over a whole run, the other half wait until a write starts (a temporary
// file appears, or the file itself changes) and land mostly while the
// temporary file exists, that is during the write. After every kill it
// checks that
//
//   - the bundle and the work file each hold, byte for byte, either their
//     old text or their new text, and together a state the command may pass
//     through: a work file is never removed or rewritten before its entries
//     are in the bundle;
//   - any file the kill left behind is one of safefile's temporary files
//     or lock files, which neither the loader nor merge reads;
//   - running the command again from there ends in the same files as a run
//     never killed.
//
// The checks are on invariants, never on timings: on a slow machine the
// loop runs fewer times and the test is weaker, not flaky. Run it with -v
// for where the kills landed.
//
// Before the kills, each command runs once with a file size limit, so that
// its write fails partway as on a full disk: it must fail cleanly.
func TestAtomicWrites(t *testing.T) {
	if runtime.GOOS == "windows" || runtime.GOOS == "plan9" {
		t.Skip("needs SIGKILL")
	}
	deadline := time.Now().Add(*killTime)
	bin := buildErrcat(t)
	dir := t.TempDir()
	writeKillCatalog(t, dir, killCodes)
	jaOld := readOrFatal(t, filepath.Join(dir, killBundle))

	// todo writes the work file the merge cases start from.
	if code, out := runErrcat(t, bin, "todo", "--locales", dir, "--locale", "ja"); code != exitOK {
		t.Fatalf("errcat todo: exit %d\n%s", code, out)
	}
	workNew := readOrFatal(t, filepath.Join(dir, killWork))
	// The work file has an empty entry for each code ja lacks or has stale:
	// half the synthetic codes, and whatever the shipped ja.toml lacks.
	c, err := catalog.LoadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	ja := c.Locales()[c.LocaleIndex("ja")]
	if n, want := bytes.Count(workNew, []byte("\nother = \"\"\n")), ja.Missing(len(c.Codes()))+ja.Stale; n != want || n < killCodes/2 {
		t.Fatalf("the work file has %d empty entries, want %d", n, want)
	}
	if err := os.Remove(filepath.Join(dir, killWork)); err != nil {
		t.Fatal(err)
	}
	// An older work file, which todo overwrites: its first ten entries.
	workStale := workNew[:indexNth(t, workNew, "\n[\"", 11)+1]

	// Merging a work file filled in completely rewrites the bundle and
	// removes the work file; one filled in partly rewrites both.
	workAll := fillWork(workNew, func(int) bool { return true })
	workSome := fillWork(workNew, func(code int) bool { return code%10 != 1 })
	jaAll, _, left := mergeOnce(t, bin, dir, jaOld, workAll, exitOK)
	if left || bytes.Equal(jaAll, jaOld) {
		t.Fatal("the complete merge did not rewrite the bundle and remove the work file")
	}
	jaSome, workLeft, ok := mergeOnce(t, bin, dir, jaOld, workSome, exitProblems)
	if !ok || bytes.Equal(jaSome, jaOld) || bytes.Equal(workLeft, workSome) {
		t.Fatal("the partial merge did not rewrite both files")
	}
	base := listNames(t, dir)

	cases := []*killCase{{
		name: "todo",
		args: []string{"todo", "--locales", dir, "--locale", "ja"},
		exit: exitOK,
		before: []fileState{
			{label: "old: no work file", bundle: jaOld},
			{label: "old: an older work file", bundle: jaOld, work: workStale, hasWork: true},
		},
		after: fileState{label: "new", bundle: jaOld, work: workNew, hasWork: true},
		temps: []string{killWork},
	}, {
		name:   "merge_all",
		args:   []string{"merge", "--locales", dir},
		exit:   exitOK,
		before: []fileState{{label: "old", bundle: jaOld, work: workAll, hasWork: true}},
		mid:    []fileState{{label: "bundle merged, work file not removed yet", bundle: jaAll, work: workAll, hasWork: true}},
		after:  fileState{label: "new", bundle: jaAll},
		temps:  []string{killBundle},
	}, {
		name:   "merge_some",
		args:   []string{"merge", "--locales", dir},
		exit:   exitProblems,
		before: []fileState{{label: "old", bundle: jaOld, work: workSome, hasWork: true}},
		mid:    []fileState{{label: "bundle merged, work file not rewritten yet", bundle: jaSome, work: workSome, hasWork: true}},
		after:  fileState{label: "new", bundle: jaSome, work: workLeft, hasWork: true},
		temps:  []string{killBundle, killWork},
	}}
	for i, c := range cases {
		t.Run(c.name+"/disk_full", func(t *testing.T) { diskFull(t, bin, dir, base, c) })
		// Each loop gets an equal share of the time left.
		end := time.Now().Add(time.Until(deadline) / time.Duration(len(cases)-i))
		t.Run(c.name+"/sigkill", func(t *testing.T) { killLoop(t, bin, dir, base, c, end) })
	}
}

// diskFull runs c's command with a file size limit of 16 blocks, far less
// than what it writes, as if the disk filled up: the write fails partway,
// the command says so and exits 1, and leaves the files as they were, with
// no temporary file.
func diskFull(t *testing.T, bin, dir string, base []string, c *killCase) {
	sh, err := exec.LookPath("sh")
	if err != nil {
		t.Skip("no sh to set a file size limit with")
	}
	restore(t, dir, base, c.before[0])
	cmd := exec.Command(sh, append([]string{"-c", `ulimit -f 16 && exec "$@"`, "sh", bin}, c.args...)...)
	out, err := cmd.CombinedOutput()
	var ee *exec.ExitError
	if !errors.As(err, &ee) || ee.ExitCode() != exitProblems || !strings.Contains(strings.ToLower(string(out)), "file too large") {
		t.Fatalf("errcat %s with ulimit -f 16: %v, want exit %d and \"file too large\"\n%s", c.args[0], err, exitProblems, out)
	}
	if got := readDirState(t, dir, base); !got.is(c.before[0]) || len(got.temps)+len(got.locks) > 0 {
		t.Fatalf("errcat %s with ulimit -f 16 left %s", c.args[0], describe(got, c))
	}
}

// killCodes is how many codes the fixture adds to the shipped catalog: half
// of them are in ja.toml, 86 KB, and merging the other half makes it 147 KB.
// Big enough that writing and syncing it takes milliseconds, small enough
// that a whole run takes not much more, so that many kills fit the budget.
const killCodes = 1000

// The test ends its kill loops -killtime after it starts, setup and
// calibration included, or when each has run -kills times. On a machine so
// slow or busy that the time is up, each loop still runs killMin times. A
// longer run:
//
//	go test ./cmd/errcat -run TestAtomicWrites -v -killtime 10m -kills 1000000
var (
	killTime = flag.Duration("killtime", 15*time.Second, "how long TestAtomicWrites may run")
	killMax  = flag.Int("kills", 200, "how many times TestAtomicWrites kills each command, at most")
)

const killMin = 4

const (
	killBundle = "ja.toml"
	killWork   = "translate.ja.toml"
)

// tempRE matches the temporary files safefile makes for the two, and lockRE
// their lock files, which a process killed while holding the lock leaves
// behind (the next run reuses and removes them).
var (
	tempRE = regexp.MustCompile(`^\.(ja\.toml|translate\.ja\.toml)\.tmp-[0-9]+$`)
	lockRE = regexp.MustCompile(`^\.(ja\.toml|translate\.ja\.toml)\.lock$`)
)

// A fileState is a content of the bundle and the work file.
type fileState struct {
	label   string
	bundle  []byte
	work    []byte
	hasWork bool
}

// A killCase is a command to kill: the states it starts from (one per run,
// in turn), the ones it may pass through, the one it ends in, and the files
// it writes, in order.
type killCase struct {
	name   string
	args   []string
	exit   int
	before []fileState
	mid    []fileState
	after  fileState
	temps  []string
}

// A dirState is what a kill left in the locales folder.
type dirState struct {
	bundle  []byte
	work    []byte
	hasWork bool
	temps   []string // leftover temporary files
	locks   []string // leftover lock files
}

func (d dirState) is(s fileState) bool {
	return bytes.Equal(d.bundle, s.bundle) && d.hasWork == s.hasWork && bytes.Equal(d.work, s.work)
}

// killStats counts where the kills landed.
type killStats struct {
	runs, graded, triggered, sawWrite int
	completed, old, between, done     int
	leftTemp                          map[string]int // killed between creating a temporary file and renaming it
	partialTemp                       int            // of those, how many temporary files were not whole yet
	leftLock                          int            // killed while holding a lock
	reruns                            int
}

// killLoop runs c's command again and again, kills it, and checks what is
// left; base lists the files of the folder besides those c writes.
func killLoop(t *testing.T, bin, dir string, base []string, c *killCase, end time.Time) {
	// Time three whole runs: how long one takes (the median), when each
	// temporary file appears and how long it exists (the longest).
	var runs []time.Duration
	appear, window := map[string]time.Duration{}, map[string]time.Duration{}
	for range 3 {
		restore(t, dir, base, c.before[0])
		d, at, w := calibrate(t, bin, dir, c)
		runs = append(runs, d)
		for k, v := range at {
			appear[k] = max(appear[k], v)
		}
		for k, v := range w {
			window[k] = max(window[k], v)
		}
	}
	slices.Sort(runs)
	full := runs[1]
	t.Logf("a whole run takes %v; its temporary files appear after %v and exist for %v",
		full.Round(time.Millisecond), appear, window)

	r := rand.New(rand.NewPCG(6, uint64(len(c.name))))
	st := killStats{leftTemp: map[string]int{}}
	loaded, loadedLock := false, false
	reruns := map[string]int{} // by the state the kill left
	start := time.Now()
	for i := 0; i < *killMax && (i < killMin || time.Now().Before(end)); i++ {
		before := c.before[(i/2)%len(c.before)]
		restore(t, dir, base, before)
		target := c.temps[(i/2)%len(c.temps)]
		unchanged := statFile(dir, target)
		cmd := exec.Command(bin, c.args...)
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		exited := make(chan struct{})
		go func() { cmd.Wait(); close(exited) }()
		if i%2 == 0 {
			// Spread evenly over 0 to 1.1 times a whole run, whatever the
			// number of runs: the fractional parts of multiples of the
			// golden ratio.
			st.graded++
			frac := math.Mod(float64(i/2)*0.6180339887498949, 1)
			sleepOrExit(time.Duration(frac*1.1*float64(full)), exited)
		} else {
			// Wait for the write to start, then kill mostly at once, to
			// land before the rename, now and then up to the time the
			// temporary file exists (or a millisecond).
			st.triggered++
			if waitForWrite(dir, target, unchanged, exited) {
				st.sawWrite++
				u := r.Float64()
				sleepOrExit(time.Duration(u*u*float64(max(window[target], time.Millisecond))), exited)
			}
		}
		cmd.Process.Kill() // SIGKILL; once it has exited, an error to ignore
		<-exited
		st.runs++

		got := readDirState(t, dir, base)
		if cmd.ProcessState.Exited() {
			st.completed++
			if code := cmd.ProcessState.ExitCode(); code != c.exit {
				t.Fatalf("run %d: errcat %s exited %d, want %d", i, c.args[0], code, c.exit)
			}
			if !got.is(c.after) || len(got.temps)+len(got.locks) > 0 {
				t.Fatalf("run %d completed, but left %s", i, describe(got, c))
			}
			continue
		}

		kind := ""
		switch m := slices.IndexFunc(c.mid, got.is); {
		case got.is(before):
			st.old++
			kind = before.label
		case got.is(c.after):
			st.done++
			kind = c.after.label
		case m >= 0:
			st.between++
			kind = c.mid[m].label
		default:
			t.Fatalf("run %d, %v: the kill left files in a state the command must never leave: %s", i, cmd.ProcessState, describe(got, c))
		}
		for _, name := range got.temps {
			temp := tempRE.FindStringSubmatch(name)[1]
			st.leftTemp[temp]++
			if size := fileSize(t, filepath.Join(dir, name)); size < len(c.target(temp)) {
				st.partialTemp++
			}
			if !loaded {
				checkLoaderIgnores(t, dir, name)
				loaded = true
			}
			kind += ", leftover " + temp
		}
		for _, name := range got.locks {
			st.leftLock++
			if !loadedLock {
				checkLoaderIgnores(t, dir, name)
				loadedLock = true
			}
		}
		// Run the command again, with whatever the kill left: it must end
		// as a run never killed does, and leave the leftovers alone. The
		// outcome depends on the state the kill left, not on the moment, so
		// the first kill that left each kind of state is rerun, and one in
		// 25 after it.
		if reruns[kind]++; reruns[kind]%25 == 1 {
			st.reruns++
			if code, out := runErrcat(t, bin, c.args...); code != c.exit {
				t.Fatalf("run %d: errcat %s after the kill: exit %d, want %d\n%s", i, c.args[0], code, c.exit, out)
			}
			if again := readDirState(t, dir, base); !again.is(c.after) || !slices.Equal(again.temps, got.temps) {
				t.Fatalf("run %d: errcat %s after the kill left %s", i, c.args[0], describe(again, c))
			}
		}
	}
	t.Logf("%d runs in %v: %d kills spread over a run, %d waiting for a write to start (which %d saw); "+
		"%d runs completed before the kill; the kills left the old files %d times, the bundle merged but not the work file yet %d, the new files %d; "+
		"%d kills landed during a write, between creating a temporary file and renaming it, and left it (%s %d, %s %d), %d of them partly written; "+
		"%d left a lock file; %d reruns",
		st.runs, time.Since(start).Round(time.Millisecond), st.graded, st.triggered, st.sawWrite,
		st.completed, st.old, st.between, st.done,
		st.leftTemp[killBundle]+st.leftTemp[killWork], killBundle, st.leftTemp[killBundle], killWork, st.leftTemp[killWork],
		st.partialTemp, st.leftLock, st.reruns)
}

// target returns the text c writes to the file named kind.
func (c *killCase) target(kind string) []byte {
	if kind == killBundle {
		return c.after.bundle
	}
	return c.after.work
}

// checkLoaderIgnores checks that the temporary file name a kill left in dir
// is read neither as a bundle nor as a work file, and that the catalog
// loads with it there.
func checkLoaderIgnores(t *testing.T, dir, name string) {
	t.Helper()
	if catalog.IsBundleName(name) || catalog.IsWorkFile(name) {
		t.Fatalf("the leftover %s would be read as a bundle or a work file", name)
	}
	c, err := catalog.LoadDir(dir)
	if err != nil {
		t.Fatalf("with the leftover %s in the folder: %v", name, err)
	}
	for _, l := range c.Locales() {
		if strings.HasPrefix(filepath.Base(l.File), ".") {
			t.Fatalf("the catalog loaded the leftover %s", l.File)
		}
	}
}

// describe says what each file of d holds, for a failure.
func describe(d dirState, c *killCase) string {
	var b strings.Builder
	say := func(name string, got []byte, has bool, want [][]byte) {
		fmt.Fprintf(&b, "\n\t%s: ", name)
		if !has {
			b.WriteString("absent")
			return
		}
		fmt.Fprintf(&b, "%d bytes", len(got))
		for _, w := range want {
			if bytes.HasPrefix(w, got) && len(got) < len(w) {
				fmt.Fprintf(&b, ", TRUNCATED: the first %d bytes of a %d-byte text", len(got), len(w))
				break
			}
		}
	}
	var bundles, works [][]byte
	var states []string
	for _, s := range append(append(slices.Clone(c.before), c.mid...), c.after) {
		bundles = append(bundles, s.bundle)
		works = append(works, s.work)
		match := []string{}
		if bytes.Equal(d.bundle, s.bundle) {
			match = append(match, "bundle")
		}
		if d.hasWork == s.hasWork && bytes.Equal(d.work, s.work) {
			match = append(match, "work file")
		}
		if len(match) == 0 {
			match = append(match, "nothing")
		}
		states = append(states, fmt.Sprintf("%s (%s matches)", s.label, strings.Join(match, " and ")))
	}
	say(killBundle, d.bundle, true, bundles)
	say(killWork, d.work, d.hasWork, works)
	fmt.Fprintf(&b, "\n\tleftovers: %q %q\n\tstates allowed: %s", d.temps, d.locks, strings.Join(states, "; "))
	return b.String()
}

// buildErrcat returns the errcat command, built the first time a test
// asks, into a folder TestMain removes at the end: one build serves every
// test that runs the real binary.
func buildErrcat(t *testing.T) string {
	t.Helper()
	built.once.Do(func() {
		gobin, err := exec.LookPath("go")
		if err != nil {
			built.skip = "no go command to build errcat with"
			return
		}
		if built.dir, err = os.MkdirTemp("", "errcat-test-"); err != nil {
			built.err = err.Error()
			return
		}
		bin := filepath.Join(built.dir, "errcat")
		if out, err := exec.Command(gobin, "build", "-o", bin, "github.com/errcat/errcat/cmd/errcat").CombinedOutput(); err != nil {
			built.err = fmt.Sprintf("go build: %v\n%s", err, out)
			return
		}
		built.bin = bin
	})
	switch {
	case built.skip != "":
		t.Skip(built.skip)
	case built.err != "":
		t.Fatal(built.err)
	}
	return built.bin
}

var built struct {
	once      sync.Once
	dir, bin  string
	skip, err string
}

// runErrcat runs the errcat binary to the end.
func runErrcat(t *testing.T, bin string, args ...string) (int, string) {
	t.Helper()
	out, err := exec.Command(bin, args...).CombinedOutput()
	var ee *exec.ExitError
	if errors.As(err, &ee) {
		return ee.ExitCode(), string(out)
	} else if err != nil {
		t.Fatal(err)
	}
	return 0, string(out)
}

// writeKillCatalog writes the shipped bundles to dir, with n codes more in
// en.toml, and the translation of every other one in ja.toml.
func writeKillCatalog(t *testing.T, dir string, n int) {
	t.Helper()
	if err := os.CopyFS(dir, locales.FS); err != nil {
		t.Fatal(err)
	}
	var en, ja bytes.Buffer
	en.WriteString("\n# Synthetic codes, for the fault-injection test.\n")
	for i := range n {
		code := 100000 + i
		var m catalog.Message
		if i%5 == 0 {
			m.Description = fmt.Sprintf("Synthetic code %d, with a description.", code)
		}
		m.Text[plural.Other] = fmt.Sprintf("The request failed with synthetic error %d", code)
		fmt.Fprintf(&en, "\n[\"%d\"]\n", code)
		if m.Description != "" {
			fmt.Fprintf(&en, "description = %q\n", m.Description)
		}
		fmt.Fprintf(&en, "other = %q\n", m.Text[plural.Other])
		if i%2 == 0 {
			fmt.Fprintf(&ja, "\n[\"%d\"]\nhash = %q\nother = %q\n", code, m.SourceHash(),
				fmt.Sprintf("合成エラー %d でリクエストが失敗しました", code))
		}
	}
	appendTo(t, filepath.Join(dir, "en.toml"), en.Bytes())
	appendTo(t, filepath.Join(dir, killBundle), ja.Bytes())
}

func appendTo(t *testing.T, name string, data []byte) {
	t.Helper()
	f, err := os.OpenFile(name, os.O_WRONLY|os.O_APPEND, 0)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.Write(data); err != nil {
		t.Fatal(err)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
}

// fillWork fills in the empty "other" of each entry of a work file whose
// code fill accepts.
func fillWork(work []byte, fill func(code int) bool) []byte {
	lines := strings.SplitAfter(string(work), "\n")
	code := 0
	for i, l := range lines {
		if strings.HasPrefix(l, `["`) {
			code, _ = strconv.Atoi(strings.Trim(l, "[\"]\n"))
		} else if l == "other = \"\"\n" && fill(code) {
			lines[i] = fmt.Sprintf("other = %q\n", fmt.Sprintf("合成エラー %d を翻訳しました", code))
		}
	}
	return []byte(strings.Join(lines, ""))
}

// mergeOnce merges work into bundle in dir, and returns the files merge
// left: the work file's text, and whether it is still there. It leaves dir
// as it found it.
func mergeOnce(t *testing.T, bin, dir string, bundle, work []byte, exit int) (newBundle, newWork []byte, hasWork bool) {
	t.Helper()
	writeOrFatal(t, filepath.Join(dir, killBundle), bundle)
	writeOrFatal(t, filepath.Join(dir, killWork), work)
	if code, out := runErrcat(t, bin, "merge", "--locales", dir); code != exit {
		t.Fatalf("errcat merge: exit %d, want %d\n%s", code, exit, out)
	}
	newBundle = readOrFatal(t, filepath.Join(dir, killBundle))
	newWork, err := os.ReadFile(filepath.Join(dir, killWork))
	hasWork = err == nil
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		t.Fatal(err)
	}
	writeOrFatal(t, filepath.Join(dir, killBundle), bundle)
	os.Remove(filepath.Join(dir, killWork))
	return newBundle, newWork, hasWork
}

// restore puts s in dir, and removes any file not in base.
func restore(t *testing.T, dir string, base []string, s fileState) {
	t.Helper()
	for _, name := range listNames(t, dir) {
		if !slices.Contains(base, name) {
			if err := os.Remove(filepath.Join(dir, name)); err != nil {
				t.Fatal(err)
			}
		}
	}
	writeOrFatal(t, filepath.Join(dir, killBundle), s.bundle)
	if s.hasWork {
		writeOrFatal(t, filepath.Join(dir, killWork), s.work)
	}
}

// readDirState reads the bundle, the work file and the names of leftover
// temporary files, and fails on any other file not in base.
func readDirState(t *testing.T, dir string, base []string) dirState {
	t.Helper()
	var d dirState
	for _, name := range listNames(t, dir) {
		switch {
		case name == killWork:
			d.work, d.hasWork = readOrFatal(t, filepath.Join(dir, name)), true
		case tempRE.MatchString(name):
			d.temps = append(d.temps, name)
		case lockRE.MatchString(name):
			d.locks = append(d.locks, name)
		case !slices.Contains(base, name):
			t.Fatalf("unexpected file %s", name)
		}
	}
	d.bundle = readOrFatal(t, filepath.Join(dir, killBundle))
	return d
}

// calibrate runs c's command to the end, watching dir, and returns how long
// it took, when each temporary file appeared and how long it was seen for.
func calibrate(t *testing.T, bin, dir string, c *killCase) (run time.Duration, appear, window map[string]time.Duration) {
	t.Helper()
	cmd := exec.Command(bin, c.args...)
	start := time.Now()
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	exited := make(chan struct{})
	go func() { cmd.Wait(); close(exited) }()
	first, last := map[string]time.Time{}, map[string]time.Time{}
	for done := false; !done; {
		select {
		case <-exited:
			done = true
		case <-time.After(pollEvery):
		}
		names, _ := readNames(dir)
		now := time.Now()
		for _, name := range names {
			if m := tempRE.FindStringSubmatch(name); m != nil {
				if _, ok := first[m[1]]; !ok {
					first[m[1]] = now
				}
				last[m[1]] = now
			}
		}
	}
	<-exited
	run = time.Since(start)
	if code := cmd.ProcessState.ExitCode(); code != c.exit {
		t.Fatalf("errcat %s: exit %d, want %d", c.args[0], code, c.exit)
	}
	appear, window = map[string]time.Duration{}, map[string]time.Duration{}
	for k := range first {
		appear[k] = first[k].Sub(start)
		window[k] = last[k].Sub(first[k])
	}
	return run, appear, window
}

// pollEvery is how often the folder is listed while watching for a
// temporary file: often enough to see one that exists for a millisecond,
// seldom enough to leave the command a core.
const pollEvery = 200 * time.Microsecond

// waitForWrite waits until the command starts writing the file name in
// dir, and reports whether it did before it exited: until a temporary file
// for it appears or, should the command write the file in place, the file
// differs from unchanged, its state before the run.
func waitForWrite(dir, name string, unchanged fs.FileInfo, exited <-chan struct{}) bool {
	prefix := "." + name + ".tmp-"
	for {
		select {
		case <-exited:
			return false
		case <-time.After(pollEvery):
		}
		names, _ := readNames(dir)
		for _, n := range names {
			if strings.HasPrefix(n, prefix) {
				return true
			}
		}
		if now := statFile(dir, name); (now == nil) != (unchanged == nil) || now != nil &&
			(!os.SameFile(now, unchanged) || now.Size() != unchanged.Size() || !now.ModTime().Equal(unchanged.ModTime())) {
			return true
		}
	}
}

// statFile returns the FileInfo of the file name in dir, or nil.
func statFile(dir, name string) fs.FileInfo {
	st, err := os.Stat(filepath.Join(dir, name))
	if err != nil {
		return nil
	}
	return st
}

func sleepOrExit(d time.Duration, exited <-chan struct{}) {
	if d <= 0 {
		return
	}
	tm := time.NewTimer(d)
	defer tm.Stop()
	select {
	case <-tm.C:
	case <-exited:
	}
}

func readNames(dir string) ([]string, error) {
	f, err := os.Open(dir)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return f.Readdirnames(-1)
}

func listNames(t *testing.T, dir string) []string {
	t.Helper()
	names, err := readNames(dir)
	if err != nil {
		t.Fatal(err)
	}
	slices.Sort(names)
	return names
}

func readOrFatal(t *testing.T, name string) []byte {
	t.Helper()
	data, err := os.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	return data
}

func writeOrFatal(t *testing.T, name string, data []byte) {
	t.Helper()
	if err := os.WriteFile(name, data, 0o644); err != nil {
		t.Fatal(err)
	}
}

func fileSize(t *testing.T, name string) int {
	t.Helper()
	st, err := os.Stat(name)
	if err != nil {
		t.Fatal(err)
	}
	return int(st.Size())
}

// indexNth returns the index of the nth occurrence of sep in data.
func indexNth(t *testing.T, data []byte, sep string, n int) int {
	t.Helper()
	at := -1
	for range n {
		i := bytes.Index(data[at+1:], []byte(sep))
		if i < 0 {
			t.Fatalf("fewer than %d %q", n, sep)
		}
		at += 1 + i
	}
	return at
}
