package main

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
)

// testDocCommands, run by TestImageBinary with its binary, runs the errcat
// command lines of README.md and every docs/*.md, so that a command a
// reader pastes works:
//
//   - Command lines are those of ```sh, ```shell, ```bash and ```console
//     blocks (in a console block, the lines after a "$ " prompt) that start
//     with errcat or go run ./cmd/errcat, after any VAR=value assignments.
//     Other lines (curl, docker, kubectl, go test) are not run.
//   - Each runs with the errcat binary built as the Dockerfile builds it,
//     through sh -c, from the root of a copy of the repository (without
//     .git) made for each page, in the page's order: a page's commands can
//     write files (errcat todo, merge) and the next one sees them, and the
//     repository is never changed.
//   - It must exit 0, or the status a trailing comment gives: "# exit 2".
//   - A line with a placeholder in capitals for an argument (errcat serve
//     --locales DIR, --addr HOST:PORT) is a synopsis, not a command to
//     paste: it is logged and not run.
//   - errcat serve gets --addr 127.0.0.1:0 (and --metrics-addr
//     127.0.0.1:0 if it has one) in place of the page's, and is stopped with
//     SIGTERM once GET /readyz answers 200; it must then exit 0.
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
			for _, c := range cmds {
				c.run(t, work, env)
			}
		})
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

// run runs the command in dir and checks its exit status.
func (c docCommand) run(t *testing.T, dir string, env []string) {
	t.Helper()
	assigns, words, plain, err := commandWords(c.text)
	if err != nil {
		t.Errorf("%s: %v", c, err)
		return
	}
	for _, w := range words[1:] {
		if placeholderRE.MatchString(w) {
			t.Logf("%s: a synopsis (%s is a placeholder): not run", c, w)
			return
		}
	}
	if len(words) > 1 && words[1] == "serve" && c.exit == 0 && !hasHelp(words) {
		if !plain {
			t.Errorf("%s: a serving command must be a plain command line, without pipes, redirections or variables", c)
			return
		}
		c.serve(t, dir, env, assigns, words)
		return
	}
	// The page's own text, with go run ./cmd/errcat as the binary; the
	// shell runs it, assignments, quotes and pipes included.
	text := strings.Replace(c.text, "go run ./cmd/errcat", "errcat", 1)
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, "sh", "-c", text)
	cmd.Dir, cmd.Env = dir, env
	out, err := cmd.CombinedOutput()
	code := 0
	var ee *exec.ExitError
	if errors.As(err, &ee) {
		code = ee.ExitCode()
	} else if err != nil {
		t.Errorf("%s: %v", c, err)
		return
	}
	if ctx.Err() != nil {
		t.Errorf("%s: still running after a minute", c)
		return
	}
	if code != c.exit {
		t.Errorf("%s: exit status %d, the page says %d (mark another with a trailing # exit N):\n%s", c, code, c.exit, out)
		return
	}
	t.Logf("%s: exit %d", c, code)
}

func hasHelp(words []string) bool {
	for _, w := range words {
		if w == "-h" || w == "--help" || w == "-help" {
			return true
		}
	}
	return false
}

// serve runs a serving command on free ports of 127.0.0.1 until GET
// /readyz answers 200, then stops it with SIGTERM.
func (c docCommand) serve(t *testing.T, dir string, env, assigns, words []string) {
	t.Helper()
	args := []string{"serve", "--addr", "127.0.0.1:0"}
	for i := 2; i < len(words); i++ {
		w := words[i]
		name, _, hasValue := strings.Cut(strings.TrimLeft(w, "-"), "=")
		if strings.HasPrefix(w, "-") && (name == "addr" || name == "metrics-addr") {
			if !hasValue {
				i++ // the value is the next word
			}
			if name == "metrics-addr" {
				args = append(args, "--metrics-addr", "127.0.0.1:0")
			}
			continue
		}
		args = append(args, w)
	}
	env = append(env[:len(env):len(env)], assigns...)
	for _, a := range assigns {
		if name, _, _ := strings.Cut(a, "="); name == "ERRCAT_METRICS_ADDR" {
			env = append(env, "ERRCAT_METRICS_ADDR=127.0.0.1:0")
		}
	}
	bin, err := exec.LookPath("errcat")
	for _, kv := range env {
		if p, ok := strings.CutPrefix(kv, "PATH="); ok {
			bin = filepath.Join(filepath.SplitList(p)[0], "errcat")
			err = nil
		}
	}
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(bin, args...)
	cmd.Dir, cmd.Env = dir, env
	stderr := new(lockedBuffer)
	cmd.Stdout, cmd.Stderr = io.Discard, stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	exited := make(chan struct{})
	go func() { cmd.Wait(); close(exited) }()
	defer func() {
		select {
		case <-exited:
		default:
			cmd.Process.Kill()
			<-exited
		}
	}()
	deadline := time.Now().Add(30 * time.Second)
	addr := ""
	for addr == "" {
		if m := listeningRE.FindStringSubmatch(stderr.String()); m != nil {
			addr = m[1] + m[2]
			break
		}
		select {
		case <-exited:
			t.Errorf("%s: exited (%v) before listening:\n%s", c, cmd.ProcessState, stderr)
			return
		case <-time.After(10 * time.Millisecond):
		}
		if time.Now().After(deadline) {
			t.Errorf("%s: not listening within 30s:\n%s", c, stderr)
			return
		}
	}
	for {
		resp, err := http.Get("http://" + addr + "/readyz")
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode == 200 {
				break
			}
		}
		if time.Now().After(deadline) {
			t.Errorf("%s: /readyz did not answer 200 within 30s:\n%s", c, stderr)
			return
		}
		time.Sleep(20 * time.Millisecond)
	}
	if err := cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	select {
	case <-exited:
	case <-time.After(30 * time.Second):
		t.Errorf("%s: no exit within 30s of SIGTERM", c)
		return
	}
	if !cmd.ProcessState.Success() {
		t.Errorf("%s: %v after SIGTERM, want exit 0:\n%s", c, cmd.ProcessState, stderr)
		return
	}
	t.Logf("%s: served on %s, ready, stopped", c, addr)
}

// copyRepo copies the repository at root into dst, without .git.
func copyRepo(t *testing.T, root, dst string) {
	t.Helper()
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
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
	if err != nil {
		t.Fatal(err)
	}
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
