package main

import (
	"bufio"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/errcat/errcat/catalog"
)

// testDocCommands, run by TestImageBinary with its binary, runs the shell
// blocks of README.md and every docs/*.md as a reader pasting them into one
// shell would, page by page, and checks each errcat command line's exit
// status, so that a command a reader pastes works:
//
//   - Command lines are those of ```sh, ```shell, ```bash and ```console
//     blocks (in a console block, the lines after a "$ " prompt) that start
//     with errcat or go run ./cmd/errcat, after any VAR=value assignments.
//     Other lines (curl, docker, kubectl, go test) are not run.
//   - Each page runs as one bash session (runPageSession) from the root of
//     a copy of the repository (without .git) made for the page, with the
//     errcat binary built as the Dockerfile builds it: every line of its
//     shell blocks runs in order, so variables, cd, heredocs and files
//     written by one line (errcat todo, a sed) reach the next, and the
//     repository is never changed. Only errcat lines are checked.
//   - It must exit 0, or the status a trailing comment gives: "# exit 2".
//   - A line with a placeholder in capitals for an argument (errcat serve
//     --locales DIR, --addr HOST:PORT) is a synopsis, not a command to
//     paste: it is logged and not run.
//   - errcat serve gets --addr 127.0.0.1:0 (and --metrics-addr
//     127.0.0.1:0 if it has one) after the page's, and is stopped with
//     SIGTERM once it logs that it listens; it must then exit 0.
func testDocCommands(t *testing.T, b dockerBuild) {
	root := repoRoot(t)
	pages, err := filepath.Glob(filepath.Join(root, "docs", "*.md"))
	if err != nil {
		t.Fatal(err)
	}
	pages = append([]string{filepath.Join(root, "README.md")}, pages...)
	var all [][]docCommand
	total := 0
	for _, page := range pages {
		cmds, err := readDocCommands(page)
		if err != nil {
			t.Fatal(err)
		}
		all = append(all, cmds)
		total += len(cmds)
	}
	if total == 0 {
		t.Fatal("no errcat command in README.md or docs/*.md: is the block syntax still ```sh and ```console?")
	}
	binDir := filepath.Dir(b.bin)
	for i, page := range pages {
		cmds := all[i]
		rel, _ := filepath.Rel(root, page)
		t.Run(filepath.ToSlash(rel), func(t *testing.T) {
			if len(cmds) == 0 {
				t.Skip("no errcat commands")
			}
			work := t.TempDir()
			copyRepo(t, root, work)
			env := docEnv(binDir, t.TempDir())
			confirmStale(t, b.bin, work, env)
			runPageSession(t, page, work, env)
		})
	}
}

// confirmStale runs errcat confirm --all for every translation of the copy
// at dir. The pages walk through the catalog as translators leave it once
// they have caught up, every translation current, and their exit statuses
// say so (stats and stale exit 0, confirm refuses a current code). The
// English may have changed since, which fails no test (errcat stale lists
// it), so the copy's stale translations are confirmed first, as a translator
// would once they had checked them, and the page sees the state it was
// written for. A missing translation is not filled in: CI's errcat missing
// gate keeps the shipped catalog complete.
func confirmStale(t *testing.T, bin, dir string, env []string) {
	t.Helper()
	ents, err := os.ReadDir(filepath.Join(dir, "locales"))
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range ents {
		tag, ok := strings.CutSuffix(e.Name(), ".toml")
		if !ok || tag == "en" || e.Name() == catalog.FactsFile {
			continue
		}
		cmd := exec.Command(bin, "confirm", "--locale", tag, "--all")
		cmd.Dir, cmd.Env = dir, env
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("errcat confirm --locale %s --all: %v\n%s", tag, err, out)
		}
	}
}

// A docCommand is one command line of a page.
type docCommand struct {
	file string
	line int
	text string // as the page has it, without the prompt and comment
	exit int    // the documented exit status
}

func (c docCommand) String() string {
	return fmt.Sprintf("%s:%d: %s", filepath.Base(c.file), c.line, c.text)
}

var (
	fenceRE  = regexp.MustCompile("^(```+|~~~+)\\s*([A-Za-z0-9_-]*)")
	exitRE   = regexp.MustCompile(`^#.*\bexit (\d+)\b`)
	assignRE = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_]*=`)
	// placeholderRE is an argument a reader fills in: DIR, HOST:PORT.
	placeholderRE = regexp.MustCompile(`^(--?[a-z-]+=)?[A-Z][A-Z0-9_]+(:[A-Z][A-Z0-9_]+)?$`)
)

// readDocCommands returns the errcat command lines of a Markdown page.
func readDocCommands(path string) ([]docCommand, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var (
		cmds    []docCommand
		fence   string // the open fence, or ""
		lang    string
		pending string // a line continued with \
		start   int
	)
	sc := bufio.NewScanner(f)
	n := 0
	for sc.Scan() {
		n++
		line := sc.Text()
		trimmed := strings.TrimSpace(line)
		if fence == "" {
			if m := fenceRE.FindStringSubmatch(trimmed); m != nil {
				fence, lang = m[1], m[2]
			}
			continue
		}
		if strings.HasPrefix(trimmed, fence) && strings.Trim(trimmed, fence[:1]) == "" {
			fence, pending = "", ""
			continue
		}
		switch lang {
		case "sh", "shell", "bash", "console":
		default:
			continue
		}
		if pending == "" {
			start = n
			if lang == "console" {
				cmd, ok := strings.CutPrefix(trimmed, "$ ")
				if !ok {
					continue // output
				}
				trimmed = cmd
			}
		}
		if l, ok := strings.CutSuffix(trimmed, "\\"); ok {
			pending += strings.TrimSpace(l) + " "
			continue
		}
		full := pending + trimmed
		pending = ""
		text, comment := splitComment(full)
		if !isErrcatCommand(text) {
			continue
		}
		c := docCommand{file: path, line: start, text: text}
		if m := exitRE.FindStringSubmatch(comment); m != nil {
			c.exit, _ = strconv.Atoi(m[1])
		}
		cmds = append(cmds, c)
	}
	return cmds, sc.Err()
}

// splitComment splits a shell line at a # that starts a comment: at the
// start of a word, outside quotes.
func splitComment(line string) (cmd, comment string) {
	var quote byte
	for i := 0; i < len(line); i++ {
		c := line[i]
		switch {
		case quote != 0:
			if c == quote {
				quote = 0
			} else if c == '\\' && quote == '"' {
				i++
			}
		case c == '\\':
			i++
		case c == '\'' || c == '"':
			quote = c
		case c == '#' && (i == 0 || line[i-1] == ' ' || line[i-1] == '\t'):
			return strings.TrimSpace(line[:i]), strings.TrimSpace(line[i:])
		}
	}
	return strings.TrimSpace(line), ""
}

// commandWords returns the line's words after its VAR=value assignments,
// with go run ./cmd/errcat as errcat.
func commandWords(text string) (assigns, words []string, plain bool, err error) {
	all, plain, err := shellFields(text)
	if err != nil {
		return nil, nil, false, err
	}
	i := 0
	for i < len(all) && assignRE.MatchString(all[i]) {
		i++
	}
	assigns, words = all[:i], all[i:]
	if len(words) >= 3 && words[0] == "go" && words[1] == "run" && (words[2] == "./cmd/errcat" || words[2] == "github.com/errcat/errcat/cmd/errcat") {
		words = append([]string{"errcat"}, words[3:]...)
	}
	return assigns, words, plain, nil
}

func isErrcatCommand(text string) bool {
	_, words, _, err := commandWords(text)
	return err == nil && len(words) > 0 && words[0] == "errcat"
}

// docEnv is the environment the commands run in: this one without any
// ERRCAT_ setting, the test's errcat first on the PATH, and a survey cache
// of its own.
func docEnv(binDir, cacheDir string) []string {
	var env []string
	for _, kv := range os.Environ() {
		if strings.HasPrefix(kv, "ERRCAT_") || strings.HasPrefix(kv, "PATH=") {
			continue
		}
		env = append(env, kv)
	}
	return append(env, "PATH="+binDir+string(os.PathListSeparator)+os.Getenv("PATH"), "ERRCAT_CACHE_DIR="+cacheDir)
}

func hasHelp(words []string) bool {
	for _, w := range words {
		if w == "-h" || w == "--help" || w == "-help" {
			return true
		}
	}
	return false
}

// copyRepo copies the repository at root into dst, without .git.
func copyRepo(t *testing.T, root, dst string) {
	t.Helper()
	if err := copyTree(root, dst); err != nil {
		t.Fatal(err)
	}
}

// copyTree copies the files under root into dst, without .git.
func copyTree(root, dst string) error {
	return filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(root, path)
		if d.Name() == ".git" {
			if d.IsDir() {
				return filepath.SkipDir
			}
			return nil
		}
		target := filepath.Join(dst, rel)
		switch {
		case d.IsDir():
			return os.MkdirAll(target, 0o755)
		case d.Type()&fs.ModeSymlink != 0:
			link, err := os.Readlink(path)
			if err != nil {
				return err
			}
			return os.Symlink(link, target)
		case d.Type().IsRegular():
			data, err := os.ReadFile(path)
			if err != nil {
				return err
			}
			info, err := d.Info()
			if err != nil {
				return err
			}
			return os.WriteFile(target, data, info.Mode().Perm())
		}
		return nil
	})
}

func TestReadDocCommands(t *testing.T) {
	page := filepath.Join(t.TempDir(), "page.md")
	text := "# A page\n\n```sh\n" +
		"errcat version                 # the version\n" +
		"go run ./cmd/errcat lint --locale ja   # exit 1\n" +
		"ERRCAT_ADDR=:9000 errcat serve\n" +
		"curl http://127.0.0.1:8080/readyz\n" +
		"errcat stats \\\n  --format json\n" +
		"```\n\n```console\n$ errcat missing\nja: 1 of 99 messages missing\n$ errcat resolve --lang 'zh;q=0.9' 2004 # exit 0\n```\n\n" +
		"```go\nerrcat.Message(2004)\n```\n\nerrcat serve in a sentence\n"
	if err := os.WriteFile(page, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	cmds, err := readDocCommands(page)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, c := range cmds {
		got = append(got, fmt.Sprintf("%d %s (exit %d)", c.line, c.text, c.exit))
	}
	want := []string{
		"4 errcat version (exit 0)",
		"5 go run ./cmd/errcat lint --locale ja (exit 1)",
		"6 ERRCAT_ADDR=:9000 errcat serve (exit 0)",
		"8 errcat stats --format json (exit 0)",
		"13 errcat missing (exit 0)",
		"15 errcat resolve --lang 'zh;q=0.9' 2004 (exit 0)",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("commands:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

func TestPlaceholders(t *testing.T) {
	for w, want := range map[string]bool{
		"DIR": true, "HOST:PORT": true, "--locales=DIR": true, "ORIGIN": true,
		"ja": false, "2004": false, ":8080": false, "127.0.0.1:0": false, "--format": false, "A": false, "locales": false,
	} {
		if got := placeholderRE.MatchString(w); got != want {
			t.Errorf("placeholder %q: %v, want %v", w, got, want)
		}
	}
}

// docs/SERVICE.md's configuration table lists every flag of errcat serve
// with its variable and default, as serveOptions declares them, and no
// other.
func TestServiceDocTable(t *testing.T) {
	data, err := os.ReadFile(filepath.Join(repoRoot(t), "docs", "SERVICE.md"))
	if err != nil {
		t.Fatal(err)
	}
	rowRE := regexp.MustCompile("(?m)^\\| `--([a-z-]+)[^`]*` \\| `([A-Z_]+)` \\| ([^|]+) \\|")
	rows := map[string][2]string{}
	for _, m := range rowRE.FindAllStringSubmatch(string(data), -1) {
		rows[m[1]] = [2]string{m[2], strings.TrimSpace(strings.ReplaceAll(m[3], "`", ""))}
	}
	for _, o := range serveOptions {
		row, ok := rows[o.name]
		if !ok {
			t.Errorf("docs/SERVICE.md has no row for --%s", o.name)
			continue
		}
		if row[0] != o.envName() {
			t.Errorf("--%s: the table says %s, the flag's variable is %s", o.name, row[0], o.envName())
		}
		if row[1] != o.def {
			t.Errorf("--%s: the table's default is %q, the help's %q", o.name, row[1], o.def)
		}
		delete(rows, o.name)
	}
	for name := range rows {
		t.Errorf("docs/SERVICE.md lists --%s, which errcat serve does not have", name)
	}
}

// runPageSession runs the shell blocks of page as one bash script in dir,
// and fails the test for every errcat command whose exit status is not the
// one the page gives.
func runPageSession(t *testing.T, page, dir string, env []string) {
	t.Helper()
	script, checks, err := pageScript(page)
	if err != nil {
		t.Fatal(err)
	}
	failures := filepath.Join(t.TempDir(), "failures")
	path := filepath.Join(t.TempDir(), "page.sh")
	if err := os.WriteFile(path, []byte(sessionPrelude+script), 0o644); err != nil {
		t.Fatal(err)
	}
	// The output goes to a file, not a pipe: a page may start a server in
	// the background (./shop &), which would hold a pipe open after the
	// session ends. The session runs in a process group of its own, killed
	// whole at the end, so nothing it started outlives the test.
	logPath := filepath.Join(t.TempDir(), "output")
	logFile, err := os.Create(logPath)
	if err != nil {
		t.Fatal(err)
	}
	defer logFile.Close()
	cmd := exec.Command("bash", path)
	cmd.Dir, cmd.Env = dir, append(env, "DOC_FAILURES="+failures)
	cmd.Stdin = strings.NewReader("")
	cmd.Stdout, cmd.Stderr = logFile, logFile
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	timedOut := false
	select {
	case err = <-done:
	case <-time.After(5 * time.Minute):
		timedOut = true
	}
	syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL)
	if timedOut {
		<-done
	}
	out, _ := os.ReadFile(logPath)
	if timedOut {
		t.Fatalf("%s: still running after 5 minutes:\n%s", filepath.Base(page), tail(out))
	}
	if data, _ := os.ReadFile(failures); len(data) > 0 {
		t.Errorf("%s:\n%s\noutput:\n%s", filepath.Base(page), data, tail(out))
	}
	if err != nil {
		t.Logf("%s: the session ended with %v", filepath.Base(page), err)
	}
	t.Logf("%s: %d errcat command lines checked", filepath.Base(page), checks)
}

func tail(b []byte) []byte {
	const most = 4000
	if len(b) > most {
		return b[len(b)-most:]
	}
	return b
}

// sessionPrelude defines what a page's script runs errcat with: go run
// ./cmd/errcat is the binary on PATH, __check records a wrong exit status,
// and __serve runs a serving command on free ports until it listens.
const sessionPrelude = `
go() {
	if [ "$1" = run ] && { [ "$2" = ./cmd/errcat ] || [ "$2" = github.com/errcat/errcat/cmd/errcat ]; }; then
		shift 2
		errcat "$@"
	else
		command go "$@"
	fi
}
__check() { # label want got
	if [ "$3" -ne "$2" ]; then
		printf '%s: exit status %s, the page says %s (mark another with a trailing # exit N)\n' "$1" "$3" "$2" >>"$DOC_FAILURES"
	fi
}
__serve() {
	local log pid extra=""
	log=$(mktemp)
	case " $* " in *" --metrics-addr"*) extra="--metrics-addr 127.0.0.1:0" ;; esac
	errcat "$@" --addr 127.0.0.1:0 $extra >/dev/null 2>"$log" &
	pid=$!
	for _ in $(seq 1 300); do
		grep -q 'listening' "$log" && break
		kill -0 "$pid" 2>/dev/null || break
		sleep 0.1
	done
	if ! grep -q 'listening' "$log"; then
		cat "$log" >&2
		kill "$pid" 2>/dev/null
		wait "$pid"
		return 98
	fi
	kill -TERM "$pid"
	wait "$pid"
}
`

var heredocRE = regexp.MustCompile(`<<-?\s*['"]?([A-Za-z_][A-Za-z0-9_]*)['"]?`)

// pageScript turns the shell blocks of a page into one bash script: every
// line as the page has it, each errcat command followed by a check of its
// exit status, serving commands through __serve, synopsis lines (with a
// placeholder such as DIR) left out. It returns how many lines it checks.
func pageScript(path string) (string, int, error) {
	cmds, err := readDocCommands(path)
	if err != nil {
		return "", 0, err
	}
	byLine := map[int]docCommand{}
	for _, c := range cmds {
		byLine[c.line] = c
	}
	data, err := os.ReadFile(path)
	if err != nil {
		return "", 0, err
	}
	var b strings.Builder
	fence, lang, heredoc := "", "", ""
	start, checks := 0, 0
	var pending []string
	for i, line := range strings.Split(string(data), "\n") {
		n := i + 1
		trimmed := strings.TrimSpace(line)
		if fence == "" {
			if m := fenceRE.FindStringSubmatch(trimmed); m != nil {
				fence, lang = m[1], m[2]
			}
			continue
		}
		if heredoc != "" {
			b.WriteString(line + "\n")
			if trimmed == heredoc {
				heredoc = ""
			}
			continue
		}
		if strings.HasPrefix(trimmed, fence) && strings.Trim(trimmed, fence[:1]) == "" {
			fence, pending = "", nil
			continue
		}
		switch lang {
		case "sh", "shell", "bash":
		case "console":
			cmd, ok := strings.CutPrefix(trimmed, "$ ")
			if !ok && len(pending) == 0 {
				continue // output
			}
			if ok {
				line = cmd
			}
		default:
			continue
		}
		if len(pending) == 0 {
			start = n
		}
		pending = append(pending, line)
		if strings.HasSuffix(trimmed, "\\") {
			continue
		}
		text := strings.Join(pending, "\n")
		pending = nil
		if m := heredocRE.FindStringSubmatch(text); m != nil && strings.HasPrefix(strings.TrimSpace(text), "cat ") {
			heredoc = m[1]
		}
		c, isErrcat := byLine[start]
		if !isErrcat {
			// The test suite and CI are what run this test: a page's
			// go test or .ci/run line is not run again inside it.
			if heavyLine(text) {
				b.WriteString("# not run inside the test: " + text + "\n")
				continue
			}
			b.WriteString(text + "\n")
			continue
		}
		_, words, _, err := commandWords(c.text)
		if err != nil {
			return "", 0, fmt.Errorf("%s: %v", c, err)
		}
		synopsis := false
		for _, w := range words[1:] {
			synopsis = synopsis || placeholderRE.MatchString(w)
		}
		if synopsis {
			b.WriteString("# synopsis, not run: " + strings.ReplaceAll(c.text, "\n", " ") + "\n")
			continue
		}
		run := c.text
		if len(words) > 1 && words[1] == "serve" && c.exit == 0 && !hasHelp(words) {
			run = serveRE.ReplaceAllString(run, "${1}__serve serve")
		}
		label := strings.ReplaceAll(c.String(), "'", "'\\''")
		fmt.Fprintf(&b, "%s\n__check '%s' %d $?\n", run, label, c.exit)
		checks++
	}
	return b.String(), checks, nil
}

// serveRE finds the serving command after a line's assignments.
var serveRE = regexp.MustCompile(`^((?:[A-Za-z_][A-Za-z0-9_]*=\S*\s+)*)(?:errcat|go run \./cmd/errcat|go run github\.com/errcat/errcat/cmd/errcat) serve`)

// heavyLine reports whether a page's line is one the docs test must not run
// inside the test suite: the tests themselves, fuzzing, CI, and the
// benchmark and soak scripts, which run for minutes.
func heavyLine(text string) bool {
	for _, s := range []string{"go test", "-fuzz", ".ci/run", "bench/", "soak", "wrk ", "hyperfine"} {
		if strings.Contains(text, s) {
			return true
		}
	}
	return false
}
