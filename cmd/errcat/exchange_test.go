package main

// These tests take errcat export's files through the tools translators use
// and errcat import back: GNU gettext (msgfmt, msgcat, msgmerge) and
// translate-toolkit (po2xliff, xliff2po, pocount). A test whose tool is not
// on PATH skips and says which Debian package has it; CI installs them with
//
//	apt-get install -y gettext translate-toolkit

import (
	"bytes"
	"fmt"
	"maps"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/errcat/errcat/catalog"
	"github.com/errcat/errcat/catalog/coverage"
)

// templated is the test catalog with templates and plural forms (ru has
// all four of its forms), which the shipped catalog lacks.

func needTool(t *testing.T, name, pkg string) {
	t.Helper()
	if _, err := exec.LookPath(name); err != nil {
		t.Skipf("%s is not on PATH; install Debian's %s (apt-get install -y %s) to run this test", name, pkg, pkg)
	}
}

func runTool(t *testing.T, name string, args ...string) string {
	t.Helper()
	out, err := exec.Command(name, args...).CombinedOutput()
	if err != nil {
		t.Fatalf("%s %s: %v\n%s", name, strings.Join(args, " "), err, out)
	}
	return string(out)
}

// copyCatalog copies the bundles of dir into a new folder and returns it.
func copyCatalog(t *testing.T, dir string) string {
	t.Helper()
	out := t.TempDir()
	ents, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range ents {
		if catalog.IsBundleName(e.Name()) {
			writeOrFatal(t, filepath.Join(out, e.Name()), readOrFatal(t, filepath.Join(dir, e.Name())))
		}
	}
	return out
}

// snapshot is every file of a folder, by name.
func snapshot(t *testing.T, dir string) map[string][]byte {
	t.Helper()
	files := map[string][]byte{}
	for _, name := range listNames(t, dir) {
		files[name] = readOrFatal(t, filepath.Join(dir, name))
	}
	return files
}

// sameFiles reports how two snapshots differ, or "".
func sameFiles(got, want map[string][]byte) string {
	var b strings.Builder
	for _, name := range slices.Sorted(maps.Keys(want)) {
		if g, ok := got[name]; !ok {
			fmt.Fprintf(&b, "%s is gone\n", name)
		} else if !bytes.Equal(g, want[name]) {
			fmt.Fprintf(&b, "%s differs:\n%s\n", name, firstDiff(g, want[name]))
		}
	}
	for name := range got {
		if _, ok := want[name]; !ok {
			fmt.Fprintf(&b, "%s is new\n", name)
		}
	}
	return b.String()
}

func firstDiff(got, want []byte) string {
	g, w := strings.Split(string(got), "\n"), strings.Split(string(want), "\n")
	for i := range max(len(g), len(w)) {
		var gl, wl string
		if i < len(g) {
			gl = g[i]
		}
		if i < len(w) {
			wl = w[i]
		}
		if gl != wl {
			return fmt.Sprintf("  line %d: got  %q\n  line %d: want %q", i+1, gl, i+1, wl)
		}
	}
	return "  (line ends differ)"
}

// translations returns the tags of a catalog's translations.
func translations(t *testing.T, dir string) []string {
	t.Helper()
	fo, err := catalog.OpenFolder(os.DirFS(dir), dir)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, bf := range fo.Translations {
		out = append(out, bf.Tag.String())
	}
	return out
}

// coverages returns each locale's coverage, computed by the package the
// other commands use, to check what the tools count against.
func coverages(t *testing.T, dir string) map[string]coverage.Coverage {
	t.Helper()
	fo, err := catalog.OpenFolder(os.DirFS(dir), dir)
	if err != nil {
		t.Fatal(err)
	}
	sv, err := coverage.SurveyFolder(fo, coverage.Options{})
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]coverage.Coverage{}
	for _, c := range sv.Coverage {
		out[c.Locale] = c
	}
	return out
}

var exportExt = map[string]string{"po": ".po", "xliff": ".xlf", "xliff12": ".xliff"}

// exportAll exports every locale of the catalog in dir into out, as
// out/LOCALE.EXT, and returns the files by locale.
func exportAll(t *testing.T, dir, format, out string) map[string]string {
	t.Helper()
	files := map[string]string{}
	for _, loc := range translations(t, dir) {
		files[loc] = exportOne(t, dir, loc, format, out)
	}
	return files
}

// exportOne exports one locale into out/LOCALE.EXT and returns the file.
func exportOne(t *testing.T, dir, loc, format, out string) string {
	t.Helper()
	file := filepath.Join(out, loc+exportExt[format])
	if code, _, stderr := errcat(t, "export", "--locales", dir, "--locale", loc, "--format", format, "-o", file); code != exitOK {
		t.Fatalf("errcat export %s %s: exit %d\n%s", loc, format, code, stderr)
	}
	return file
}

// importInto imports file into the catalog in dir and fails the test unless
// it exits 0.
func importInto(t *testing.T, dir, file string, args ...string) string {
	t.Helper()
	code, stdout, stderr := errcat(t, append([]string{"import", "--locales", dir, file}, args...)...)
	if code != exitOK {
		t.Fatalf("errcat import %s: exit %d\nstdout:\n%s\nstderr:\n%s", filepath.Base(file), code, stdout, stderr)
	}
	return stdout
}

// otherLine matches a bundle's "other" text.
var otherLine = regexp.MustCompile(`(?m)^other = "(?:[^"\\]|\\.)*"`)

// emptied copies the catalog in dir with every translation's "other" text
// emptied, hashes and comments kept: import must fill each back in place.
func emptied(t *testing.T, dir string) string {
	t.Helper()
	out := copyCatalog(t, dir)
	for _, loc := range translations(t, out) {
		path := filepath.Join(out, loc+".toml")
		data := readOrFatal(t, path)
		blank := otherLine.ReplaceAll(data, []byte(`other = ""`))
		if bytes.Equal(blank, data) {
			t.Fatalf("%s: no other text to empty", path)
		}
		writeOrFatal(t, path, blank)
	}
	return out
}

// TestExportImportWholeCatalog is the round trip of the whole shipped
// catalog, in every format: each locale exported and imported into a copy
// leaves the copy byte for byte as it was, and imported into a copy whose
// translations were emptied makes it byte for byte the shipped catalog.
// The templated catalog, with plural forms and templates, goes back
// unchanged too.
func TestExportImportWholeCatalog(t *testing.T) {
	want := snapshot(t, copyCatalog(t, shipped))
	for _, format := range []string{"po", "xliff", "xliff12"} {
		t.Run(format, func(t *testing.T) {
			files := exportAll(t, shipped, format, t.TempDir())
			same, empty := copyCatalog(t, shipped), emptied(t, shipped)
			for _, loc := range slices.Sorted(maps.Keys(files)) {
				out := importInto(t, same, files[loc])
				if !strings.Contains(out, "nothing new to import") {
					t.Errorf("%s into the same catalog: %s", loc, out)
				}
				out = importInto(t, empty, files[loc])
				if !strings.Contains(out, "imported 99 translations") {
					t.Errorf("%s into the emptied catalog: %s", loc, out)
				}
			}
			if d := sameFiles(snapshot(t, same), want); d != "" {
				t.Errorf("the copy changed:\n%s", d)
			}
			if d := sameFiles(snapshot(t, empty), want); d != "" {
				t.Errorf("the emptied copy is not the shipped catalog:\n%s", d)
			}
		})
		t.Run("templated/"+format, func(t *testing.T) {
			want := snapshot(t, copyCatalog(t, templated))
			files := exportAll(t, templated, format, t.TempDir())
			same := copyCatalog(t, templated)
			for _, file := range files {
				importInto(t, same, file)
			}
			if d := sameFiles(snapshot(t, same), want); d != "" {
				t.Errorf("the copy changed:\n%s", d)
			}
		})
	}
}

// Russian's four CLDR forms travel as four msgstr: gettext's three, then
// "other", for fractions, which gettext's expression never selects.
func TestExportRussianPluralHasFourForms(t *testing.T) {
	file := filepath.Join(t.TempDir(), "ru.po")
	if code, _, stderr := errcat(t, "export", "--locales", templated, "--locale", "ru", "-o", file); code != exitOK || stderr != "" {
		t.Fatalf("exit %d\n%s", code, stderr)
	}
	po := string(readOrFatal(t, file))
	for _, want := range []string{
		`"Plural-Forms: nplurals=4; plural=(n % 10 == 1 && n % 100 != 11) ? 0 : (n % "`,
		`"X-Errcat-Plural-Categories: one few many other\n"`,
		`msgstr[3] "У вас {{.PluralCount}} непрочитанного сообщения."`,
	} {
		if !strings.Contains(po, want) {
			t.Errorf("ru.po lacks %s:\n%s", want, po)
		}
	}
}

var msgfmtStats = regexp.MustCompile(`(\d+) translated messages?(?:, (\d+) fuzzy translations?)?(?:, (\d+) untranslated messages?)?`)

// TestExportedPOThroughGettext: msgfmt --check accepts the PO file of every
// locale and counts what errcat counts; msgcat's rewrite of it imports back
// to the same bundle; so does msgmerge's, after the English changed.
func TestExportedPOThroughGettext(t *testing.T) {
	needTool(t, "msgfmt", "gettext")
	needTool(t, "msgcat", "gettext")
	needTool(t, "msgmerge", "gettext")
	for _, dir := range []string{shipped, templated} {
		t.Run(filepath.Base(dir), func(t *testing.T) {
			tmp := t.TempDir()
			want := snapshot(t, copyCatalog(t, dir))
			covs := coverages(t, dir)
			files := exportAll(t, dir, "po", tmp)
			same := copyCatalog(t, dir)
			for _, loc := range slices.Sorted(maps.Keys(files)) {
				po := files[loc]
				out := runTool(t, "msgfmt", "--check", "--statistics", "-o", filepath.Join(tmp, loc+".mo"), po)
				m := msgfmtStats.FindStringSubmatch(out)
				if m == nil {
					t.Fatalf("%s: no statistics in msgfmt's output:\n%s", loc, out)
				}
				var got [3]int
				for i := range got {
					got[i], _ = strconv.Atoi(m[i+1])
				}
				c := covs[loc]
				if want := [3]int{c.Done(), len(c.Stale), len(c.Missing)}; got != want {
					t.Errorf("%s: msgfmt counts translated, fuzzy, untranslated %v; errcat %v\n%s", loc, got, want, out)
				}
				for _, args := range [][]string{{"--width=40"}, {"--no-wrap"}} {
					cat := filepath.Join(tmp, loc+".msgcat.po")
					runTool(t, "msgcat", append(args, "-o", cat, po)...)
					importInto(t, same, cat)
				}
			}
			if d := sameFiles(snapshot(t, same), want); d != "" {
				t.Errorf("msgcat's files changed the catalog:\n%s", d)
			}
		})
	}

	// The translator keeps an old ja.po; the English of a code ja has
	// current (the first) changes; the new export becomes msgmerge's
	// reference. msgmerge marks that code fuzzy with the old English, and
	// import sees what errcat stale sees: the code stale, nothing new.
	dir := copyCatalog(t, shipped)
	// ja's translations may be stale already, the English having changed
	// since: the translator first confirms them, so that the change below
	// is the one msgmerge sees.
	if code, _, stderr := errcat(t, "confirm", "--locales", dir, "--locale", "ja", "--all"); code != exitOK {
		t.Fatalf("errcat confirm: exit %d\n%s", code, stderr)
	}
	c, err := catalog.LoadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	ja := c.LocaleIndex("ja")
	i := slices.IndexFunc(c.Codes(), func(code int) bool {
		m := c.Message(ja, code)
		return m != nil && m.Hash == c.Message(0, code).SourceHash() && c.Message(0, code).Plain()
	})
	if i < 0 {
		t.Fatal("ja.toml has no current translation of a plain text to make stale")
	}
	code := strconv.Itoa(c.Codes()[i])
	oldText := c.Message(0, c.Codes()[i]).Other()
	tmp := t.TempDir()
	old, ref, merged := filepath.Join(tmp, "old.po"), filepath.Join(tmp, "new.po"), filepath.Join(tmp, "merged.po")
	errcat(t, "export", "--locales", dir, "--locale", "ja", "-o", old)
	en := filepath.Join(dir, "en.toml")
	// A few words more, so that msgmerge's fuzzy match finds the old text.
	entry := regexp.MustCompile(`(?m)^(\["` + code + `"\]\n(?:[a-z]+ = .*\n)*?other = ".*)"$`)
	changed := entry.ReplaceAllString(string(readOrFatal(t, en)), `${1} any more, it seems"`)
	if changed == string(readOrFatal(t, en)) {
		t.Fatalf("en.toml has no %s to change", code)
	}
	writeOrFatal(t, en, []byte(changed))
	errcat(t, "export", "--locales", dir, "--locale", "ja", "-o", ref)
	runTool(t, "msgmerge", "--previous", "--quiet", "-o", merged, old, ref)
	po := string(readOrFatal(t, merged))
	if !strings.Contains(po, "#, fuzzy\n#| msgctxt \""+code+"\"\n#| msgid "+strconv.Quote(oldText)+"\n") {
		t.Fatalf("msgmerge did not mark %s fuzzy with its old English:\n%s", code, po)
	}
	before := snapshot(t, dir)
	if out := importInto(t, dir, merged); !strings.Contains(out, "nothing new to import") {
		t.Errorf("import of msgmerge's file: %s", out)
	}
	if d := sameFiles(snapshot(t, dir), before); d != "" {
		t.Errorf("msgmerge's file changed the catalog:\n%s", d)
	}
	if status, stdout, _ := errcat(t, "stale", "--locales", dir, "--locale", "ja"); status != exitProblems || !strings.Contains(stdout, "code "+code+":") {
		t.Errorf("errcat stale: exit %d, %s; want %s stale", status, stdout, code)
	}
}

// TestExportedFilesThroughTranslateToolkit: po2xliff and xliff2po convert
// errcat's files, their output imports back (into an emptied copy of the
// shipped catalog, which becomes the shipped catalog again), and pocount
// counts what errcat counts.
func TestExportedFilesThroughTranslateToolkit(t *testing.T) {
	needTool(t, "po2xliff", "translate-toolkit")
	needTool(t, "xliff2po", "translate-toolkit")
	needTool(t, "pocount", "translate-toolkit")
	for _, dir := range []string{shipped, templated} {
		t.Run(filepath.Base(dir), func(t *testing.T) {
			want := snapshot(t, copyCatalog(t, dir))
			poDir, xlfDir, fromPO, fromXLF := t.TempDir(), t.TempDir(), t.TempDir(), t.TempDir()
			pos, xlfs := exportAll(t, dir, "po", poDir), exportAll(t, dir, "xliff12", xlfDir)
			// Whole folders at once: the converters start slowly.
			runTool(t, "po2xliff", "--progress=none", "-i", poDir, "-o", fromPO)
			runTool(t, "xliff2po", "--progress=none", "-i", xlfDir, "-o", fromXLF)
			target, full := copyCatalog(t, dir), dir == shipped
			if full {
				target = emptied(t, dir)
			}
			for _, loc := range slices.Sorted(maps.Keys(pos)) {
				importInto(t, target, filepath.Join(fromPO, loc+".xliff"))
			}
			if d := sameFiles(snapshot(t, target), want); d != "" {
				t.Errorf("po2xliff's files did not import back to the catalog:\n%s", d)
			}
			target = copyCatalog(t, dir)
			if full {
				target = emptied(t, dir)
			}
			for _, loc := range slices.Sorted(maps.Keys(xlfs)) {
				importInto(t, target, filepath.Join(fromXLF, loc+".po"))
			}
			if d := sameFiles(snapshot(t, target), want); d != "" {
				t.Errorf("xliff2po's files did not import back to the catalog:\n%s", d)
			}

			covs := coverages(t, dir)
			files := append(slices.Collect(maps.Values(pos)), slices.Collect(maps.Values(xlfs))...)
			out := runTool(t, "pocount", append([]string{"--csv"}, files...)...)
			rows := 0
			// Filename, Translated Messages, Translated Source Words,
			// Translated Target Words, Fuzzy Messages, Fuzzy Source Words,
			// Untranslated Messages, ... pocount ends the row of a file
			// with a unit to review (a stale translation, in XLIFF) early,
			// in a KeyError of its own and without a newline, so rows are
			// found by their file names and not by lines: they run
			// together when its output is buffered.
			for _, row := range pocountRowRE.FindAllStringSubmatch(out, -1) {
				if !slices.Contains(files, row[1]) {
					continue
				}
				rows++
				var got [3]int
				for i, col := range []int{2, 5, 7} {
					got[i], _ = strconv.Atoi(row[col])
				}
				loc := strings.TrimSuffix(filepath.Base(row[1]), filepath.Ext(row[1]))
				c := covs[loc]
				if want := [3]int{c.Done(), len(c.Stale), len(c.Missing)}; got != want {
					t.Errorf("%s: pocount counts translated, fuzzy, untranslated %v; errcat %v", row[0], got, want)
				}
			}
			if rows != len(files) {
				t.Errorf("pocount gave %d rows for %d files:\n%s", rows, len(files), out)
			}
		})
	}
}

// pocountRowRE is the start of a row of pocount --csv: the file and its
// first six counts.
var pocountRowRE = regexp.MustCompile(`(\S+), +(\d+), (\d+), (\d+), (\d+), (\d+), (\d+)`)

// A translator's work on the test catalog: ja lacks 2004, 4004 and 4005
// (whose template delimiters are << >>), and its 4001 is stale.
var handWork = map[string]string{
	"2004": "ユーザーが見つかりません。",
	"4001": "{{.Max}}文字までにしてください。",
	"4004": "英語のテキストしかありません",
	"4005": `<<.Param>> を使ってください（{{.Param}} ではなく）`,
}

// handCatalog is the templated catalog with ja's 4001 made stale.
func handCatalog(t *testing.T) string {
	t.Helper()
	dir := copyCatalog(t, templated)
	ja := filepath.Join(dir, "ja.toml")
	data := strings.Replace(string(readOrFatal(t, ja)), "[\"4001\"]\n", "[\"4001\"]\nhash = \"sha1-0000000000000000000000000000000000000000\"\n", 1)
	writeOrFatal(t, ja, []byte(data))
	if code, _, _ := errcat(t, "stale", "--locales", dir, "--locale", "ja"); code != exitProblems {
		t.Fatal("4001 is not stale")
	}
	return dir
}

// TestImportIsHandEditing: exporting, translating in a file a tool reads
// (by a script, as a translator's edits) and importing gives the same
// bundle, byte for byte, as errcat todo, filling in the work file and
// errcat merge.
func TestImportIsHandEditing(t *testing.T) {
	byHand := handCatalog(t)
	if code, _, stderr := errcat(t, "todo", "--locales", byHand, "--locale", "ja"); code != exitOK {
		t.Fatalf("errcat todo: exit %d\n%s", code, stderr)
	}
	work := filepath.Join(byHand, "translate.ja.toml")
	text := string(readOrFatal(t, work))
	for code, tr := range handWork {
		text = fillEntry(t, text, code, tr)
	}
	writeOrFatal(t, work, []byte(text))
	if code, stdout, stderr := errcat(t, "merge", "--locales", byHand, "--locale", "ja"); code != exitOK {
		t.Fatalf("errcat merge: exit %d\n%s%s", code, stdout, stderr)
	}
	want := readOrFatal(t, filepath.Join(byHand, "ja.toml"))

	check := func(t *testing.T, dir, file string) {
		t.Helper()
		out := importInto(t, dir, file)
		if !strings.Contains(out, "imported 4 translations") {
			t.Errorf("import: %s", out)
		}
		if got := readOrFatal(t, filepath.Join(dir, "ja.toml")); !bytes.Equal(got, want) {
			t.Errorf("import gave a bundle other than todo, fill and merge:\n%s\n--- got:\n%s\n--- want:\n%s", firstDiff(got, want), got, want)
		}
	}
	export := func(t *testing.T, dir, format string) string {
		t.Helper()
		return exportOne(t, dir, "ja", format, t.TempDir())
	}
	t.Run("po", func(t *testing.T) {
		dir := handCatalog(t)
		po := export(t, dir, "po")
		writeOrFatal(t, po, []byte(editPO(t, string(readOrFatal(t, po)), handWork)))
		check(t, dir, po)
	})
	t.Run("xliff", func(t *testing.T) {
		dir := handCatalog(t)
		xlf := export(t, dir, "xliff")
		writeOrFatal(t, xlf, []byte(editXLIFF2(t, string(readOrFatal(t, xlf)), handWork)))
		check(t, dir, xlf)
	})
	t.Run("po2xliff", func(t *testing.T) {
		needTool(t, "po2xliff", "translate-toolkit")
		dir := handCatalog(t)
		po := export(t, dir, "po")
		xlf := filepath.Join(t.TempDir(), "ja.xliff")
		runTool(t, "po2xliff", "--progress=none", "-i", po, "-o", xlf)
		writeOrFatal(t, xlf, []byte(editXLIFF1(t, string(readOrFatal(t, xlf)), handWork)))
		check(t, dir, xlf)
	})
	t.Run("xliff2po", func(t *testing.T) {
		needTool(t, "xliff2po", "translate-toolkit")
		dir := handCatalog(t)
		xlf := export(t, dir, "xliff12")
		po := filepath.Join(t.TempDir(), "ja.po")
		runTool(t, "xliff2po", "--progress=none", "-i", xlf, "-o", po)
		writeOrFatal(t, po, []byte(editPO(t, string(readOrFatal(t, po)), handWork)))
		check(t, dir, po)
	})
}

// fillEntry fills in the empty other of entry code in a work file.
func fillEntry(t *testing.T, work, code, text string) string {
	t.Helper()
	head := "[\"" + code + "\"]\n"
	i := strings.Index(work, head)
	j := strings.Index(work[max(i, 0):], "other = \"\"\n")
	if i < 0 || j < 0 {
		t.Fatalf("the work file has no empty entry %s:\n%s", code, work)
	}
	j += i
	return work[:j] + "other = " + strconv.Quote(text) + "\n" + work[j+len("other = \"\"\n"):]
}

// poEntry finds the entry of code in a PO file, by its msgctxt or, in
// translate-toolkit's output, by its reference, and returns its span.
func poEntry(t *testing.T, po, code string) (start, end int) {
	t.Helper()
	for _, mark := range []string{"\nmsgctxt \"" + code + "\"\n", "\n#: " + code + "\n"} {
		if i := strings.Index(po, mark); i >= 0 {
			start = strings.LastIndex(po[:i], "\n\n") + 2
			end = strings.Index(po[i+1:], "\n\n")
			if end < 0 {
				return start, len(po)
			}
			return start, i + 1 + end
		}
	}
	t.Fatalf("no entry %s in:\n%s", code, po)
	return 0, 0
}

// poString quotes s as PO writes it.
func poString(s string) string {
	r := strings.NewReplacer(`\`, `\\`, `"`, `\"`, "\n", `\n`, "\t", `\t`)
	return `"` + r.Replace(s) + `"`
}

// editPO does what a translator does in a PO editor: type each translation
// over the msgstr and clear the fuzzy flag (and the previous msgid it
// explains).
func editPO(t *testing.T, po string, work map[string]string) string {
	t.Helper()
	for _, code := range slices.Sorted(maps.Keys(work)) {
		start, end := poEntry(t, po, code)
		var lines []string
		inStr := false
		for _, l := range strings.Split(po[start:end], "\n") {
			switch {
			case l == "#, fuzzy" || strings.HasPrefix(l, "#| "):
				continue
			case strings.HasPrefix(l, "#, "):
				l = strings.Replace(strings.Replace(l, "fuzzy, ", "", 1), ", fuzzy", "", 1)
			case strings.HasPrefix(l, "msgstr "):
				lines, inStr = append(lines, "msgstr "+poString(work[code])), true
				continue
			case inStr && strings.HasPrefix(l, `"`):
				continue
			}
			inStr = false
			lines = append(lines, l)
		}
		po = po[:start] + strings.Join(lines, "\n") + po[end:]
	}
	return po
}

func xmlEscape(s string) string {
	return strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;").Replace(s)
}

var phElement = regexp.MustCompile(`<ph [^>]*equiv="([^"]*)"[^>]*/>`)

// editXLIFF2 does what a translator does in an XLIFF 2.0 editor: write the
// target of each unit, with the source's placeholders as <ph> codes, and set
// the segment to translated.
func editXLIFF2(t *testing.T, xlf string, work map[string]string) string {
	t.Helper()
	for _, code := range slices.Sorted(maps.Keys(work)) {
		start := strings.Index(xlf, `<unit id="`+code+`"`)
		if start < 0 {
			t.Fatalf("no unit %s in:\n%s", code, xlf)
		}
		end := start + strings.Index(xlf[start:], "</unit>")
		unit := xlf[start:end]
		phs := map[string]string{}
		for _, m := range phElement.FindAllStringSubmatch(unit, -1) {
			phs[m[1]] = m[0]
		}
		target := xmlEscape(work[code])
		for action, ph := range phs {
			target = strings.ReplaceAll(target, xmlEscape(action), ph)
		}
		unit = regexp.MustCompile(`<segment id="other"[^>]*>`).ReplaceAllString(unit, `<segment id="other" state="translated">`)
		unit = regexp.MustCompile(`(?s)\s*<target>.*?</target>`).ReplaceAllString(unit, "")
		unit = strings.Replace(unit, "</source>", "</source>\n    <target>"+target+"</target>", 1)
		xlf = xlf[:start] + unit + xlf[end:]
	}
	return xlf
}

// editXLIFF1 does what a translator does in an XLIFF 1.2 editor with
// translate-toolkit's files: write each target, mark it translated and
// approve the unit, which the code names as a reference.
func editXLIFF1(t *testing.T, xlf string, work map[string]string) string {
	t.Helper()
	for _, code := range slices.Sorted(maps.Keys(work)) {
		ref := strings.Index(xlf, `<context context-type="sourcefile">`+code+`</context>`)
		if ref < 0 {
			t.Fatalf("no unit %s in:\n%s", code, xlf)
		}
		start := strings.LastIndex(xlf[:ref], "<trans-unit ")
		end := ref + strings.Index(xlf[ref:], "</trans-unit>")
		unit := xlf[start:end]
		unit = regexp.MustCompile(` approved="[^"]*"`).ReplaceAllString(unit, "")
		unit = strings.Replace(unit, "<trans-unit ", `<trans-unit approved="yes" `, 1)
		unit = regexp.MustCompile(`(?s)<target[^>]*>.*?</target>`).ReplaceAllString(unit,
			`<target state="translated">`+strings.ReplaceAll(xmlEscape(work[code]), "$", "$$")+`</target>`)
		unit = regexp.MustCompile(`(?s)\s*<alt-trans.*?</alt-trans>`).ReplaceAllString(unit, "")
		xlf = xlf[:start] + unit + xlf[end:]
	}
	return xlf
}

// TestImportRefusesHostileFiles: each file is refused with a message that
// says why, and the catalog is as it was: the same bytes, the same
// modification times, no file added (not even a temporary one).
func TestImportRefusesHostileFiles(t *testing.T) {
	const head = `<?xml version="1.0" encoding="UTF-8"?>` + "\n"
	const xliff2 = `<xliff xmlns="urn:oasis:names:tc:xliff:document:2.0" version="2.0" srcLang="en" trgLang="%s">
 <file id="f">
  <unit id="%s"><segment state="translated"><source>User does not exist</source><target>%s</target></segment></unit>
 </file>
</xliff>
`
	laughs := head + `<!DOCTYPE xliff [
 <!ENTITY a "hahahahahahahahahahahahahahahahahahahahahahahahahahaha">
 <!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">
 <!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">
 <!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;">
 <!ENTITY e "&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;">
 <!ENTITY f "&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;">
]>
` + fmt.Sprintf(xliff2, "ja", "2004", "&f;")
	external := head + `<!DOCTYPE xliff [ <!ENTITY secret SYSTEM "file:///etc/passwd"> ]>
` + fmt.Sprintf(xliff2, "ja", "2004", "&secret;")
	cases := []struct {
		name, file, data string
		size             int64 // when set, a sparse file of this size
		args             []string
		stderr           string
	}{
		{name: "billion laughs", file: "laughs.xlf", data: laughs,
			stderr: `^laughs.xlf:\d+: error: DOCTYPE and entity declarations are not accepted\nerrcat import: laughs.xlf: the file is not one import can read; nothing was changed\n$`},
		{name: "external entity", file: "external.xlf", data: external,
			stderr: `^external.xlf:\d+: error: DOCTYPE and entity declarations are not accepted\n`},
		{name: "huge file", file: "huge.po", size: 33 << 20,
			stderr: `^errcat import: huge.po: the file is 34603008 bytes, and import reads at most 33554432 \(input exceeds the size limit\); nothing was changed\n$`},
		{name: "wrong trgLang", file: "ko.xlf", data: head + fmt.Sprintf(xliff2, "ko", "2004", "사용자가 없습니다"), args: []string{"--locale", "ja"},
			stderr: `^ko.xlf: error: the file is for ko, want ja\nerrcat import: ko.xlf: fix the errors above and import again; nothing was changed\n$`},
		{name: "ja-JP is not ja", file: "ja-JP.xlf", data: head + fmt.Sprintf(xliff2, "ja-JP", "2004", "ユーザー"), args: []string{"--locale", "ja"},
			stderr: `^ja-JP.xlf: error: the file is for ja-JP, want ja\n`},
		{name: "unknown code", file: "unknown.xlf", data: head + fmt.Sprintf(xliff2, "ja", "9999", "ユーザー"),
			stderr: `^unknown.xlf: error: code 9999: the source .*en.toml has no code 9999: is the file from another catalog, or from before the code was removed\?\n`},
		{name: "template error", file: "template.po", data: "msgid \"\"\nmsgstr \"Language: ja\\n\"\n\n#: 4001\nmsgctxt \"4001\"\nmsgid \"Must be at most {{.Max}} characters\"\nmsgstr \"{{.Max文字\"\n",
			stderr: `^template.po: error: code 4001: other: template: .*\nerrcat import: template.po: fix the errors above and import again; nothing was changed\n$`},
		{name: "not a PO file", file: "garbage.po", data: "\x00\x01binary\n",
			stderr: `^garbage.po:1: error: .*\nerrcat import: garbage.po: the file is not one import can read; nothing was changed\n$`},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			dir := copyCatalog(t, templated)
			// Old modification times, so that a rewrite with the same bytes
			// would show.
			past := time.Date(2020, 1, 2, 3, 4, 5, 0, time.UTC)
			for _, name := range listNames(t, dir) {
				if err := os.Chtimes(filepath.Join(dir, name), past, past); err != nil {
					t.Fatal(err)
				}
			}
			before := snapshot(t, dir)
			file := filepath.Join(t.TempDir(), tc.file)
			writeOrFatal(t, file, []byte(tc.data))
			if tc.size > 0 {
				if err := os.Truncate(file, tc.size); err != nil {
					t.Fatal(err)
				}
			}
			t.Chdir(filepath.Dir(file))
			code, stdout, stderr := errcat(t, append([]string{"import", "--locales", dir, tc.file}, tc.args...)...)
			if code != exitProblems || stdout != "" {
				t.Errorf("exit %d, stdout %q; want 1 and nothing", code, stdout)
			}
			if !regexp.MustCompile(tc.stderr).MatchString(stderr) {
				t.Errorf("stderr:\n%s\nwant it to match %s", stderr, tc.stderr)
			}
			if d := sameFiles(snapshot(t, dir), before); d != "" {
				t.Errorf("the catalog changed:\n%s", d)
			}
			for _, name := range listNames(t, dir) {
				st, err := os.Stat(filepath.Join(dir, name))
				if err != nil || !st.ModTime().Equal(past) {
					t.Errorf("%s: modified (%v, %v)", name, st.ModTime(), err)
				}
			}
		})
	}
}

// Windows tools write XML with a byte order mark, and PO files sometimes:
// import reads both.
func TestImportReadsByteOrderMark(t *testing.T) {
	want := readOrFatal(t, filepath.Join(shipped, "ja.toml"))
	for _, format := range []string{"po", "xliff", "xliff12"} {
		t.Run(format, func(t *testing.T) {
			file := exportOne(t, shipped, "ja", format, t.TempDir())
			writeOrFatal(t, file, append([]byte("\xef\xbb\xbf"), readOrFatal(t, file)...))
			dir := emptied(t, shipped)
			importInto(t, dir, file)
			if got := readOrFatal(t, filepath.Join(dir, "ja.toml")); !bytes.Equal(got, want) {
				t.Errorf("ja.toml is not the shipped one:\n%s", firstDiff(got, want))
			}
		})
	}
}
