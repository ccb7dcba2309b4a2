package history

import (
	"context"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/text/language"

	"github.com/errcat/errcat/catalog"
)

// git runs git in dir with a fixed identity, so that commits need no
// configuration.
func git(t *testing.T, dir string, args ...string) string {
	t.Helper()
	cmd := exec.Command("git", append([]string{"-c", "user.name=Test", "-c", "user.email=test@example.com", "-c", "init.defaultBranch=main", "-c", "commit.gpgsign=false"}, args...)...)
	cmd.Dir = dir
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("git %s: %v\n%s", strings.Join(args, " "), err, out)
	}
	return strings.TrimSpace(string(out))
}

func needGit(t *testing.T) {
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("no git")
	}
}

// commitSource writes text as loc/en.toml under repo, commits it, and
// returns the commit's hash.
func commitSource(t *testing.T, repo, text string) string {
	t.Helper()
	if err := os.WriteFile(filepath.Join(repo, "loc", "en.toml"), []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	git(t, repo, "add", "loc/en.toml")
	git(t, repo, "commit", "-q", "-m", "change the English")
	return git(t, repo, "rev-parse", "HEAD")
}

// hashOf returns the source hash of message id in the source text text.
func hashOf(t *testing.T, text, id string) string {
	t.Helper()
	b, _ := catalog.ParseBundle("en.toml", language.English, []byte(text))
	if b == nil || b.Lookup(id) == nil {
		t.Fatalf("no message %s in %q", id, text)
	}
	return b.Lookup(id).SourceHash()
}

const (
	v1 = "[\"2005\"]\nother = \"User has been locked\"\n\n[\"3001\"]\ndescription = \"A field is too long.\"\nother = \"The name is too long\"\n"
	v2 = "[\"2005\"]\nother = \"User account has been locked\"\n\n[\"3001\"]\ndescription = \"A field is too long.\"\nother = \"The name is too long\"\n"
	v3 = "[\"2005\"]\nother = \"User account has been locked\"\n\n[\"3001\"]\ndescription = \"A field is too long; Max is the limit.\"\nother = \"The name must be at most {{.Max}} characters\"\n"
)

func newRepo(t *testing.T) string {
	t.Helper()
	needGit(t)
	repo := t.TempDir()
	git(t, repo, "init", "-q")
	if err := os.Mkdir(filepath.Join(repo, "loc"), 0o755); err != nil {
		t.Fatal(err)
	}
	return repo
}

func TestFind(t *testing.T) {
	repo := newRepo(t)
	c1 := commitSource(t, repo, v1)
	c2 := commitSource(t, repo, v2)
	commitSource(t, repo, v3)
	want := []Want{
		{"2005", hashOf(t, v1, "2005")},                           // made from v1
		{"3001", hashOf(t, v2, "3001")},                           // made from v1 or v2: v2 is the newer
		{"3001", "sha1-0000000000000000000000000000000000000000"}, // from no version
	}
	file := filepath.Join(repo, "loc", "en.toml")
	res, err := Find(context.Background(), file, "loc/en.toml", language.English, want, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if p, ok := res.Found[want[0]]; !ok || p.Message.Other() != "User has been locked" || p.Version.Commit != c1 {
		t.Errorf("2005: found %+v, %v; want the text of commit %s", p, ok, c1)
	}
	if p, ok := res.Found[want[1]]; !ok || p.Message.Description != "A field is too long." || p.Version.Commit != c2 {
		t.Errorf("3001: found %+v, %v; want the text of commit %s", p, ok, c2)
	}
	if p, ok := res.Found[want[2]]; ok {
		t.Errorf("a hash no version has: found %+v", p)
	}
	if res.Commits != 3 || res.Searched != 3 || res.Stopped != "" {
		t.Errorf("listed %d commits and read %d versions, stopped %q; want 3, 3, not stopped", res.Commits, res.Searched, res.Stopped)
	}

	// The search stops at the first version that settles every hash.
	res, err = Find(context.Background(), file, "loc/en.toml", language.English, want[1:2], Options{})
	if err != nil || res.Searched != 2 {
		t.Errorf("one hash of the second newest version: read %d versions (%v), want 2", res.Searched, err)
	}

	// MaxCommits bounds the search: with one commit only the newest
	// version is read, which has neither old text.
	res, err = Find(context.Background(), file, "loc/en.toml", language.English, want, Options{MaxCommits: 1})
	if err != nil || len(res.Found) != 0 || res.Commits != 1 {
		t.Errorf("MaxCommits 1: found %v in %d commits (%v); want nothing in 1", res.Found, res.Commits, err)
	}

	// So does the byte budget.
	res, err = Find(context.Background(), file, "loc/en.toml", language.English, want, Options{MaxBytes: int64(len(v3) + 1)})
	if err != nil || len(res.Found) != 0 || !strings.Contains(res.Stopped, "older than commit") {
		t.Errorf("a budget of one version: found %v, stopped %q (%v)", res.Found, res.Stopped, err)
	}
}

// TestFindFromASubfolder: git runs in the bundle's folder, wherever that is
// in the repository, and a version that is not valid TOML is passed over.
func TestFindFromASubfolder(t *testing.T) {
	repo := newRepo(t)
	deep := filepath.Join(repo, "a", "b")
	if err := os.MkdirAll(filepath.Join(deep, "loc"), 0o755); err != nil {
		t.Fatal(err)
	}
	commitSource(t, deep, v1)
	commitSource(t, deep, "[\"2005\"\nbroken")
	commitSource(t, deep, v2)
	w := Want{"2005", hashOf(t, v1, "2005")}
	res, err := Find(context.Background(), filepath.Join(deep, "loc", "en.toml"), "loc/en.toml", language.English, []Want{w}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := res.Found[w]; !ok {
		t.Errorf("not found: %+v", res)
	}
}

func TestFindWithoutHistory(t *testing.T) {
	needGit(t)
	w := []Want{{"2005", "sha1-0000000000000000000000000000000000000000"}}
	// A folder outside any repository. GIT_CEILING_DIRECTORIES keeps git
	// from finding one above the temporary folder.
	dir := t.TempDir()
	t.Setenv("GIT_CEILING_DIRECTORIES", filepath.Dir(dir))
	os.WriteFile(filepath.Join(dir, "en.toml"), []byte(v1), 0o644)
	_, err := Find(context.Background(), filepath.Join(dir, "en.toml"), "loc/en.toml", language.English, w, Options{})
	var ue *UnavailableError
	if !errors.As(err, &ue) || ue.Reason != "loc is not in a git repository" {
		t.Errorf("outside git: %v, want loc is not in a git repository", err)
	}

	// A source file git does not track.
	repo := newRepo(t)
	os.WriteFile(filepath.Join(repo, "loc", "en.toml"), []byte(v1), 0o644)
	_, err = Find(context.Background(), filepath.Join(repo, "loc", "en.toml"), "loc/en.toml", language.English, w, Options{})
	if !errors.As(err, &ue) || ue.Reason != "loc/en.toml has no commits in git" {
		t.Errorf("untracked: %v, want loc/en.toml has no commits in git", err)
	}

	// No git at all.
	t.Setenv("PATH", t.TempDir())
	_, err = Find(context.Background(), filepath.Join(repo, "loc", "en.toml"), "loc/en.toml", language.English, w, Options{})
	if !errors.As(err, &ue) || ue.Reason != "git is not installed" {
		t.Errorf("without git: %v, want git is not installed", err)
	}
}

func TestChanges(t *testing.T) {
	parse := func(text string) *catalog.Message {
		b, _ := catalog.ParseBundle("en.toml", language.English, []byte(text))
		return b.Lookup("4000")
	}
	old := parse("[\"4000\"]\ndescription = \"Upload failed.\"\none = \"{{.PluralCount}} file is too large\"\nother = \"{{.PluralCount}} files are too large\"\n")
	now := parse("[\"4000\"]\ndescription = \"Upload of several files failed.\"\none = \"The file is too large\"\nother = \"{{.PluralCount}} files are too large\"\n")
	got := Changes(old, now)
	var lines []string
	for _, c := range got {
		lines = append(lines, c.Field+": "+c.Diff)
	}
	want := "description: Upload {+of several files+} failed.\none: [-{{.PluralCount}}-]{+The+} file is too large"
	if strings.Join(lines, "\n") != want {
		t.Errorf("Changes:\n%s\nwant:\n%s", strings.Join(lines, "\n"), want)
	}
}
