package main

import (
	"bytes"
	"context"
	"encoding/json"
	"maps"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/BurntSushi/toml"
	"github.com/errcat/errcat/catalog"
	"golang.org/x/text/feature/plural"
	"golang.org/x/text/language"
)

// shipped is the project's locales folder, seen from this package.
const shipped = "../../locales"

// errcat runs the errcat command line in-process and returns its exit code
// and output.
func errcat(t *testing.T, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errOut bytes.Buffer
	code = run(context.Background(), args, &env{stdin: strings.NewReader(""), stdout: &out, stderr: &errOut, getenv: func(string) string { return "" }})
	return code, out.String(), errOut.String()
}

// TestShippedLocalesAreComplete is the translation gate: every shipped
// locale translates every code, and lint finds nothing, not even a warning.
// Stale translations do not fail it: changing an English text makes its
// translations stale until translators catch up, and they still serve.
func TestShippedLocalesAreComplete(t *testing.T) {
	for _, cmd := range []string{"missing", "lint"} {
		t.Run(cmd, func(t *testing.T) {
			args := []string{cmd, "--locales", shipped}
			if cmd == "lint" {
				args = append(args, "--fail-on", "warning")
			}
			code, stdout, stderr := errcat(t, args...)
			if code != exitOK || stdout != "" || stderr != "" {
				t.Errorf("errcat %s: exit %d, want 0 and no output\nstdout:\n%s\nstderr:\n%s", strings.Join(args, " "), code, stdout, stderr)
			}
		})
	}
}

// goi18n builds go-i18n's own goi18n tool, the module tool in go.mod, and
// returns its path. Building it once per test with go build is faster than
// `go tool goi18n` for each run, and uses the same version.
func goi18n(t *testing.T) string {
	t.Helper()
	gobin, err := exec.LookPath("go")
	if err != nil {
		t.Skip("no go command to build goi18n with")
	}
	bin := filepath.Join(t.TempDir(), "goi18n")
	cmd := exec.Command(gobin, "build", "-o", bin, "github.com/nicksnyder/go-i18n/v2/goi18n")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("go build goi18n: %v\n%s", err, out)
	}
	return bin
}

// goi18nMerge runs `goi18n merge -sourceLanguage en -outdir OUT` on the
// bundles, and returns the IDs in OUT/translate.<locale>.toml with the hash
// goi18n wrote for each: the messages goi18n says need translating.
func goi18nMerge(t *testing.T, bin, locale string, bundles ...string) map[string]string {
	t.Helper()
	out := t.TempDir()
	args := append([]string{"merge", "-sourceLanguage", "en", "-outdir", out}, bundles...)
	if b, err := exec.Command(bin, args...).CombinedOutput(); err != nil {
		t.Fatalf("goi18n %s: %v\n%s", strings.Join(args, " "), err, b)
	}
	// goi18n writes active.<locale>.toml, translate.<locale>.toml or both
	// for every locale it read. Neither would mean that the names here are
	// wrong, and an empty result meaningless.
	_, errA := os.Stat(filepath.Join(out, "active."+locale+".toml"))
	_, errT := os.Stat(filepath.Join(out, "translate."+locale+".toml"))
	if errA != nil && errT != nil {
		t.Fatalf("goi18n wrote neither active.%s.toml nor translate.%s.toml", locale, locale)
	}
	return readWorkFile(t, filepath.Join(out, "translate."+locale+".toml"))
}

// readWorkFile reads a translate file (goi18n's or errcat's) as ID → hash.
// A file that does not exist has nothing to translate.
func readWorkFile(t *testing.T, path string) map[string]string {
	t.Helper()
	var m map[string]map[string]string
	if _, err := toml.DecodeFile(path, &m); err != nil {
		if os.IsNotExist(err) {
			return map[string]string{}
		}
		t.Fatalf("read %s: %v", path, err)
	}
	ids := map[string]string{}
	for id, fields := range m {
		ids[id] = fields["hash"]
	}
	return ids
}

// TestGoi18n checks errcat against go-i18n's own tool, built once.
func TestGoi18n(t *testing.T) {
	bin := goi18n(t)
	t.Run("agrees on what to translate", func(t *testing.T) { testGoi18nAgrees(t, bin) })
	t.Run("differs on plural hashes by design", func(t *testing.T) { testGoi18nPlural(t, bin) })
	t.Run("reads the shipped bundles", func(t *testing.T) { testGoi18nReadsShipped(t, bin) })
	t.Run("asks for the same plural forms", func(t *testing.T) { testGoi18nPluralForms(t, bin) })
}

// templated is the test catalog with plural messages, seen from here.
const templated = "../../testdata/templated"

// cldrPlurals is CLDR's plural data that catalog/internal/plural is
// generated from: its locales are every language with plural rules.
const cldrPlurals = "../../catalog/internal/plural/testdata/cldr/plurals.json"

// goi18nNewerCLDR lists the locales where go-i18n v2.7.0's plural data,
// taken from CLDR's development tree after release 48, has other categories
// than CLDR 48 as released (cldr-core 48.2.0, which errcat's rules are
// generated from): the forms goi18n merge asks for there. Each entry must
// still differ exactly so; when either side changes, the test says so, and
// the entry goes.
var goi18nNewerCLDR = map[string][]string{
	"gl": {"one", "many", "other"}, // CLDR 48: one, other
	"vi": {"one", "other"},         // CLDR 48: other (CLDR-14273 is after 48)
}

// testGoi18nPluralForms checks that, for every plural message of
// testdata/templated and every locale, errcat todo asks the translator for
// the same forms as goi18n merge. Each locale starts with an empty bundle,
// so that both tools ask for every message. The locales are testdata/
// templated's, every language of CLDR's plural data, and regional tags whose
// rules come from another locale (pt-PT's children, es-419). The only
// differences allowed are goi18nNewerCLDR's.
func testGoi18nPluralForms(t *testing.T, bin string) {
	src, err := catalog.LoadDir(templated)
	if err != nil {
		t.Fatal(err)
	}
	var plurals []string
	for _, code := range src.Codes() {
		if m := src.Message(0, code); m.IsPlural() {
			plurals = append(plurals, m.ID)
		}
	}
	if len(plurals) == 0 {
		t.Fatal("testdata/templated has no plural message")
	}
	data, err := os.ReadFile(cldrPlurals)
	if err != nil {
		t.Fatal(err)
	}
	var cldr struct {
		Supplemental struct {
			Cardinal map[string]json.RawMessage `json:"plurals-type-cardinal"`
		}
	}
	if err := json.Unmarshal(data, &cldr); err != nil {
		t.Fatal(err)
	}
	locales := map[string]bool{}
	for _, loc := range src.Locales()[1:] {
		locales[loc.ID] = true
	}
	for _, id := range []string{"pt-PT", "pt-AO", "pt-BR", "es-419", "zh-Hant", "sr-Latn", "fr-CA", "en-GB"} {
		locales[id] = true
	}
	for id := range cldr.Supplemental.Cardinal {
		// Keep the tags that are their own canonical form: "iw" is "he",
		// and two bundles for one locale are an error.
		// "und" is CLDR's root, not a language anyone ships.
		if tag, err := language.Parse(id); err == nil && tag.String() == id && id != "en" && id != "und" {
			locales[id] = true
		}
	}
	if len(locales) < 200 {
		t.Fatalf("only %d locales: %s changed shape", len(locales), cldrPlurals)
	}

	dir, out := t.TempDir(), t.TempDir()
	en, err := os.ReadFile(filepath.Join(templated, "en.toml"))
	if err != nil {
		t.Fatal(err)
	}
	writeFile(t, dir, "en.toml", string(en))
	bundles := []string{filepath.Join(dir, "en.toml")}
	for id := range locales {
		writeFile(t, dir, id+".toml", "")
		bundles = append(bundles, filepath.Join(dir, id+".toml"))
	}
	args := append([]string{"merge", "-sourceLanguage", "en", "-outdir", out}, bundles...)
	if b, err := exec.Command(bin, args...).CombinedOutput(); err != nil {
		t.Fatalf("goi18n merge: %v\n%s", err, b)
	}
	if code, _, stderr := errcat(t, "todo", "--locales", dir); code != exitOK {
		t.Fatalf("errcat todo: exit %d\n%s", code, stderr)
	}
	t.Logf("%d plural messages in %d locales", len(plurals), len(locales))
	for _, id := range slices.Sorted(maps.Keys(locales)) {
		theirs := workFileForms(t, filepath.Join(out, "translate."+id+".toml"))
		ours := workFileForms(t, filepath.Join(dir, "translate."+id+".toml"))
		for _, msg := range plurals {
			got, want := ours[msg], theirs[msg]
			if newer, ok := goi18nNewerCLDR[id]; ok {
				if slices.Equal(got, want) || !slices.Equal(want, newer) {
					t.Errorf("%s, code %s: errcat todo asks for %v, goi18n merge for %v; goi18nNewerCLDR says goi18n asks for %v, unlike errcat", id, msg, got, want, newer)
				}
				continue
			}
			if !slices.Equal(got, want) || len(want) == 0 {
				t.Errorf("%s, code %s: errcat todo asks for %v, goi18n merge for %v", id, msg, got, want)
			}
		}
	}
}

// workFileForms reads a work file (goi18n's or errcat's) as message ID →
// the plural forms it asks for, in CLDR order.
func workFileForms(t *testing.T, path string) map[string][]string {
	t.Helper()
	var m map[string]map[string]any
	if _, err := toml.DecodeFile(path, &m); err != nil {
		t.Fatalf("read %s: %v", path, err)
	}
	forms := map[string][]string{}
	for id, fields := range m {
		for _, f := range catalog.Forms() {
			if _, ok := fields[catalog.FormName(f)]; ok {
				forms[id] = append(forms[id], catalog.FormName(f))
			}
		}
	}
	return forms
}

// testGoi18nAgrees checks errcat against go-i18n's own tool. goi18n merge
// writes translate.ja.toml with every message of the source that ja lacks,
// leaves empty, or translated from another source text (its hash differs
// from the source's and is not empty). That is exactly what `errcat missing`
// and `errcat stale` report together, and exactly what `errcat todo` writes,
// with the same hashes. The catalog has single-form messages only: for a
// plural message errcat's hash covers every form, go-i18n's "other" alone,
// a difference testGoi18nPlural pins down.
func testGoi18nAgrees(t *testing.T, bin string) {
	dir := t.TempDir()
	writeFile(t, dir, "en.toml", `# The source.

["1000"]
description = "Generic retryable server error."
other = "The system is busy, please try again later"

["2004"]
other = "User does not exist"

["2005"]
other = "User account has been locked"

["2006"]
other = "Incorrect password"

["3001"]
description = "A field is too long."
other = "The name must be at most {{.Max}} characters"

["5000"]
other = "Too many requests"
`)
	writeFile(t, dir, "ja.toml", `# Partly translated: 2004 is missing, 2006 is empty, 2005 was translated
# from an older English text ("User has been locked"), 3001 has no hash
# (current, for both tools), and 9999 is a code the source no longer has.

["1000"]
hash = "CURRENT"
other = "システムが混み合っています。しばらくしてから再度お試しください。"

["2005"]
hash = "sha1-7324bf600d476f24d9f3771a98a085196bbbdcae"
other = "このユーザーはロックされています。"

["2006"]
hash = "CURRENT"
other = ""

["3001"]
other = "名前は{{.Max}}文字以内で入力してください。"

["5000"]
hash = "CURRENT"
other = "リクエストが多すぎます。"

["9999"]
other = "もう使われていないコード"
`)
	// CURRENT stands for the hash of the English as it is now; 2005's
	// hash is that of the English it was translated from.
	c, err := catalog.LoadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	for _, id := range []string{"1000", "2006", "5000"} {
		fixHash(t, dir, "ja.toml", c, id)
	}

	translate := goi18nMerge(t, bin, "ja", filepath.Join(dir, "en.toml"), filepath.Join(dir, "ja.toml"))

	code, stdout, stderr := errcat(t, "missing", "--locales", dir, "--locale", "ja", "--format", "json")
	if code != exitProblems {
		t.Fatalf("errcat missing: exit %d, want 1\n%s", code, stderr)
	}
	var missing struct {
		Locales []struct{ Missing []int }
	}
	if err := json.Unmarshal([]byte(stdout), &missing); err != nil {
		t.Fatal(err)
	}
	code, stdout, stderr = errcat(t, "stale", "--locales", dir, "--locale", "ja", "--format", "json")
	if code != exitProblems {
		t.Fatalf("errcat stale: exit %d, want 1\n%s", code, stderr)
	}
	var stale struct {
		Locales []struct {
			Stale []struct {
				Code       int
				SourceHash string `json:"source_hash"`
			}
		}
	}
	if err := json.Unmarshal([]byte(stdout), &stale); err != nil {
		t.Fatal(err)
	}
	reported := map[string]bool{}
	for _, code := range missing.Locales[0].Missing {
		reported[strconv.Itoa(code)] = true
	}
	for _, s := range stale.Locales[0].Stale {
		id := strconv.Itoa(s.Code)
		if reported[id] {
			t.Errorf("code %s is reported both missing and stale", id)
		}
		reported[id] = true
		if translate[id] != s.SourceHash {
			t.Errorf("code %s: goi18n's hash is %q, errcat's %q", id, translate[id], s.SourceHash)
		}
	}
	want := slices.Sorted(maps.Keys(translate))
	got := slices.Sorted(maps.Keys(reported))
	if !slices.Equal(got, want) {
		t.Errorf("errcat missing+stale report %v; goi18n's translate.ja.toml has %v", got, want)
	}
	if !slices.Equal(want, []string{"2004", "2005", "2006"}) {
		t.Errorf("goi18n's translate.ja.toml has %v; the test expects 2004, 2005 and 2006", want)
	}

	// errcat todo writes the same entries with the same hashes.
	if code, _, stderr := errcat(t, "todo", "--locales", dir, "--locale", "ja"); code != exitOK {
		t.Fatalf("errcat todo: exit %d\n%s", code, stderr)
	}
	if todo := readWorkFile(t, filepath.Join(dir, "translate.ja.toml")); !maps.Equal(todo, translate) {
		t.Errorf("errcat todo wrote %v; goi18n %v", todo, translate)
	}
}

// testGoi18nPlural pins down the one place errcat and go-i18n differ on
// purpose: a plural message's hash. errcat's covers every form, so a
// translation made with errcat's hash is current for errcat, and goi18n,
// whose hash covers "other" alone, takes it for one made from another text.
func testGoi18nPlural(t *testing.T, bin string) {
	dir := t.TempDir()
	writeFile(t, dir, "en.toml", `["4000"]
one = "{{.PluralCount}} file is too large"
other = "{{.PluralCount}} files are too large"
`)
	writeFile(t, dir, "ja.toml", `["4000"]
hash = "CURRENT"
other = "{{.PluralCount}}個のファイルが大きすぎます。"
`)
	c, err := catalog.LoadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	fixHash(t, dir, "ja.toml", c, "4000")
	if code, stdout, _ := errcat(t, "stale", "--locales", dir); code != exitOK {
		t.Errorf("errcat stale: exit %d, want 0\n%s", code, stdout)
	}
	translate := goi18nMerge(t, bin, "ja", filepath.Join(dir, "en.toml"), filepath.Join(dir, "ja.toml"))
	if _, ok := translate["4000"]; !ok {
		t.Errorf("goi18n took errcat's plural hash for its own; the README's note on plural hashes is wrong")
	}
}

// testGoi18nReadsShipped runs goi18n merge on the shipped source with each
// shipped translation: goi18n reads every bundle, and asks to translate
// what errcat finds missing or stale, and the plural messages besides,
// whose hashes differ by design. What is missing or stale is whatever the
// bundles say today: the English may change before the translators catch up.
func testGoi18nReadsShipped(t *testing.T, bin string) {
	c, err := catalog.LoadDir(shipped)
	if err != nil {
		t.Fatal(err)
	}
	isPlural := func(m *catalog.Message) bool {
		for _, f := range catalog.Forms() {
			if f != plural.Other && m.HasForm(f) {
				return true
			}
		}
		return false
	}
	for l, loc := range c.Locales() {
		if l == 0 {
			continue
		}
		t.Run(loc.ID, func(t *testing.T) {
			var want []string
			for _, code := range c.Codes() {
				src, m := c.Message(0, code), c.Message(l, code)
				if isPlural(src) || m == nil || m.Other() == "" || m.Hash != src.SourceHash() {
					want = append(want, src.ID)
				}
			}
			slices.Sort(want)
			translate := goi18nMerge(t, bin, loc.Tag.String(),
				filepath.Join(shipped, "en.toml"), filepath.Join(shipped, filepath.Base(loc.File)))
			if got := slices.Sorted(maps.Keys(translate)); !slices.Equal(got, want) {
				t.Errorf("goi18n would have %s translate %v, errcat %v", loc.ID, got, want)
			}
		})
	}
}

func writeFile(t *testing.T, dir, name, text string) {
	t.Helper()
	if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
}

// fixHash sets the hash of code in a bundle to the source's current hash.
func fixHash(t *testing.T, dir, name string, c *catalog.Catalog, id string) {
	t.Helper()
	code, _ := strconv.Atoi(id)
	path := filepath.Join(dir, name)
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(string(data), "\n")
	in := false
	for i, l := range lines {
		if strings.HasPrefix(l, "[") {
			in = l == `["`+id+`"]`
		} else if in && strings.HasPrefix(l, "hash = ") {
			lines[i] = `hash = "` + c.Message(0, code).SourceHash() + `"`
		}
	}
	writeFile(t, dir, name, strings.Join(lines, "\n"))
}
