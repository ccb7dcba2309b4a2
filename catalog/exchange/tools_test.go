package exchange

// These tests hand the exported files to the tools translators use: GNU
// gettext (msgfmt, msgcat, msgmerge) and translate-toolkit (po2xliff,
// xliff2po, pocount). Each skips when its tool is not on PATH; CI installs
// them with: apt-get install gettext translate-toolkit

import (
	"bytes"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
)

func needTool(t *testing.T, name, pkg string) {
	t.Helper()
	if _, err := exec.LookPath(name); err != nil {
		t.Skipf("%s is not on PATH; install %s (apt-get install %s) to run this test", name, pkg, pkg)
	}
}

func runTool(t *testing.T, name string, args ...string) string {
	t.Helper()
	cmd := exec.Command(name, args...)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		t.Fatalf("%s %s: %v\n%s%s", name, strings.Join(args, " "), err, stdout.Bytes(), stderr.Bytes())
	}
	return stdout.String() + stderr.String()
}

func writeFile(t *testing.T, path string, write func(io.Writer, *Document) error, doc *Document) {
	t.Helper()
	var buf bytes.Buffer
	if err := write(&buf, doc); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
}

func readFile(t *testing.T, path string, read func(io.Reader, int64) (*Document, error)) *Document {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	doc, err := read(f, 0)
	if err != nil {
		t.Fatalf("read %s: %v", filepath.Base(path), err)
	}
	return doc
}

// counts returns how many units are translated (current), fuzzy (stale or
// draft) and untranslated, as gettext and pocount count them.
func counts(doc *Document) [3]int {
	var c [3]int
	for i := range doc.Units {
		u := &doc.Units[i]
		switch {
		case !u.translated():
			c[2]++
		case u.stale():
			c[1]++
		default:
			c[0]++
		}
	}
	return c
}

// template is the .pot errcat would hand msgmerge: the English alone.
func template(doc *Document) *Document {
	out := clone(doc)
	out.TargetLang = ""
	for i := range out.Units {
		u := &out.Units[i]
		u.Target, u.State, u.Stale, u.Previous, u.PreviousHash = nil, Initial, false, nil, ""
	}
	return out
}

// withoutPrevious is what survives translate-toolkit's converters, which
// drop msgmerge's #| previous strings and XLIFF's alt-trans.
func withoutPrevious(doc *Document) *Document {
	out := clone(doc)
	for i := range out.Units {
		out.Units[i].Previous = nil
	}
	return out
}

var msgfmtStats = regexp.MustCompile(`(\d+) translated messages?(?:, (\d+) fuzzy translations?)?(?:, (\d+) untranslated messages?)?`)

func TestMsgfmtAcceptsExportedPO(t *testing.T) {
	needTool(t, "msgfmt", "gettext")
	for _, lang := range testLangs {
		t.Run(lang.tag, func(t *testing.T) {
			doc := catalogDoc(t, lang)
			dir := t.TempDir()
			po := filepath.Join(dir, lang.tag+".po")
			writeFile(t, po, WritePO, doc)
			out := runTool(t, "msgfmt", "--check", "--statistics", "-o", filepath.Join(dir, "out.mo"), po)
			m := msgfmtStats.FindStringSubmatch(out)
			if m == nil {
				t.Fatalf("no statistics in msgfmt's output:\n%s", out)
			}
			var got [3]int
			for i := range got {
				got[i], _ = strconv.Atoi(m[i+1])
			}
			if want := counts(doc); got != want {
				t.Errorf("msgfmt counts translated, fuzzy, untranslated %v, want %v\n%s", got, want, out)
			}

			pot := filepath.Join(dir, "errcat.pot")
			writeFile(t, pot, WritePO, template(doc))
			runTool(t, "msgfmt", "--check-format", "--check-domain", "-o", filepath.Join(dir, "pot.mo"), pot)
		})
	}
}

func TestMsgcatOutputReadsBack(t *testing.T) {
	needTool(t, "msgcat", "gettext")
	for _, lang := range testLangs {
		doc := catalogDoc(t, lang)
		for _, args := range [][]string{nil, {"--width=40"}, {"--no-wrap"}} {
			t.Run(lang.tag+strings.Join(args, ""), func(t *testing.T) {
				dir := t.TempDir()
				in, out := filepath.Join(dir, "in.po"), filepath.Join(dir, "out.po")
				writeFile(t, in, WritePO, doc)
				runTool(t, "msgcat", append(args, "-o", out, in)...)
				if d := diffDocs(readFile(t, out, ReadPO), poView(doc)); d != "" {
					t.Error(d)
				}
			})
		}
	}
}

func TestMsgmergePreviousKeepsEverything(t *testing.T) {
	needTool(t, "msgmerge", "gettext")
	for _, lang := range testLangs {
		t.Run(lang.tag, func(t *testing.T) {
			doc := catalogDoc(t, lang)
			dir := t.TempDir()
			po, pot, out := filepath.Join(dir, "in.po"), filepath.Join(dir, "errcat.pot"), filepath.Join(dir, "out.po")
			writeFile(t, po, WritePO, doc)
			writeFile(t, pot, WritePO, template(doc))
			runTool(t, "msgmerge", "--previous", "--quiet", "-o", out, po, pot)
			if d := diffDocs(readFile(t, out, ReadPO), poView(doc)); d != "" {
				t.Error(d)
			}
		})
	}
}

// When the English changes after export, msgmerge marks the translation
// fuzzy and keeps the English it was made from; the entry carries the new
// hash, so import sees a stale translation and the old text.
func TestMsgmergeAfterTheEnglishChanged(t *testing.T) {
	needTool(t, "msgmerge", "gettext")
	doc := catalogDoc(t, langJA)
	dir := t.TempDir()
	po, pot, out := filepath.Join(dir, "ja.po"), filepath.Join(dir, "errcat.pot"), filepath.Join(dir, "out.po")
	writeFile(t, po, WritePO, doc)
	// The first current translation changes its English: a few words more,
	// so that msgmerge's fuzzy match finds the old English, whatever it is.
	changed := template(doc)
	i := slices.IndexFunc(doc.Units, func(u Unit) bool { return u.State == Translated && !u.Stale })
	if i < 0 {
		t.Fatal("ja.toml has no current translation to make stale")
	}
	code := changed.Units[i].Code
	old := changed.Units[i].Source["other"]
	changed.Units[i].Source["other"] = old + " any more, it seems"
	changed.Units[i].SourceHash = goi18nHash(changed.Units[i].Description, changed.Units[i].Source)
	writeFile(t, pot, WritePO, changed)
	runTool(t, "msgmerge", "--previous", "--quiet", "-o", out, po, pot)

	got := readFile(t, out, ReadPO)
	u := got.Units[unitIndex(t, got, code)]
	want := doc.Units[i]
	if !u.Stale || u.State != Initial {
		t.Errorf("stale %v state %v, want a stale translation", u.Stale, u.State)
	}
	if u.SourceHash != changed.Units[i].SourceHash || u.SourceHash == want.SourceHash {
		t.Errorf("source hash %s, want the new English's %s", u.SourceHash, changed.Units[i].SourceHash)
	}
	if u.Previous["other"] != old || u.Target["other"] != want.Target["other"] {
		t.Errorf("previous %q target %q, want %q and the old translation %q", u.Previous, u.Target, old, want.Target["other"])
	}
	if u.TargetHash() != "" {
		t.Errorf("TargetHash %q: the file cannot know the hash the translation was made from", u.TargetHash())
	}
}

func unitIndex(t *testing.T, doc *Document, code string) int {
	t.Helper()
	for i := range doc.Units {
		if doc.Units[i].Code == code {
			return i
		}
	}
	t.Fatalf("no unit %s", code)
	return -1
}

func TestPo2xliffOutputReadsBack(t *testing.T) {
	needTool(t, "po2xliff", "translate-toolkit")
	for _, lang := range testLangs {
		t.Run(lang.tag, func(t *testing.T) {
			doc := catalogDoc(t, lang)
			dir := t.TempDir()
			po, xlf := filepath.Join(dir, "in.po"), filepath.Join(dir, "out.xlf")
			writeFile(t, po, WritePO, doc)
			runTool(t, "po2xliff", "--progress=none", "-i", po, "-o", xlf)
			if d := diffDocs(readFile(t, xlf, ReadXLIFF), withoutPrevious(poView(doc))); d != "" {
				t.Error(d)
			}
		})
	}
}

func TestXliff2poOutputReadsBack(t *testing.T) {
	needTool(t, "xliff2po", "translate-toolkit")
	for _, lang := range testLangs {
		t.Run(lang.tag, func(t *testing.T) {
			doc := catalogDoc(t, lang)
			dir := t.TempDir()
			xlf, po := filepath.Join(dir, "in.xlf"), filepath.Join(dir, "out.po")
			writeFile(t, xlf, WriteXLIFF12, doc)
			runTool(t, "xliff2po", "--progress=none", "-i", xlf, "-o", po)
			if d := diffDocs(readFile(t, po, ReadPO), withoutPrevious(poView(doc))); d != "" {
				t.Error(d)
			}
		})
	}
}

func TestPocountAgrees(t *testing.T) {
	needTool(t, "pocount", "translate-toolkit")
	for _, lang := range testLangs {
		doc := catalogDoc(t, lang)
		for _, c := range []codec{codecs[0], codecs[2]} {
			t.Run(lang.tag+"/"+c.name, func(t *testing.T) {
				path := filepath.Join(t.TempDir(), "errcat."+map[string]string{"po": "po", "xliff12": "xlf"}[c.name])
				writeFile(t, path, c.write, doc)
				// Filename, Translated Messages, Translated Source Words,
				// Translated Target Words, Fuzzy Messages, Fuzzy Source
				// Words, Untranslated Messages, ...
				out := runTool(t, "pocount", "--csv", path)
				var row []string
				for line := range strings.SplitSeq(out, "\n") {
					if strings.HasPrefix(line, path+",") {
						row = strings.Split(line, ",")
					}
				}
				if len(row) < 7 {
					t.Fatalf("no row for %s in pocount's output:\n%s", path, out)
				}
				var got [3]int
				for i, col := range []int{1, 4, 6} {
					got[i], _ = strconv.Atoi(strings.TrimSpace(row[col]))
				}
				if want := counts(doc); got != want {
					t.Errorf("pocount counts translated, fuzzy, untranslated %v, want %v\n%s", got, want, out)
				}
			})
		}
	}
}
