// Package history finds, in a catalog's git history, the source text a
// stale translation was made from, the way gettext's msgmerge --previous
// keeps the old msgid beside a fuzzy entry, and diffs it word by word
// against today's.
//
// A translation records the hash of the source message it was translated
// from (catalog.Message.SourceHash). That hash names a version of the source
// text, so the source bundle's history holds the text itself: Find reads
// the committed versions of the source bundle, newest first, and keeps, for
// each stale translation, the message of the first version whose text for
// that code hashes to the recorded value.
//
// The cost is bounded whatever the repository: two git processes in all
// (one log over the source file capped at MaxCommits, and one cat-file
// --batch that reads the versions one after another, stopping as
// soon as every hash is found), a byte budget and a timeout. Nothing runs
// per code. The versions are read with the loader's own parser
// (catalog.ParseBundle), so a version is read exactly as errcat read it then.
//
// It is a tool package: the runtime never imports it.
package history

import (
	"bufio"
	"bytes"
	"cmp"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"golang.org/x/text/language"

	"github.com/errcat/errcat/catalog"
)

// Options bound what Find may cost. The zero value takes the defaults.
type Options struct {
	// MaxCommits caps how many commits of the source file git log lists:
	// DefaultMaxCommits when zero.
	MaxCommits int
	// MaxBytes caps the bytes of old versions read: DefaultMaxBytes when
	// zero.
	MaxBytes int64
	// Timeout caps the whole search, git included: DefaultTimeout when
	// zero.
	Timeout time.Duration
}

// The defaults: two hundred versions of a source file reach back years in a
// project that changes its English weekly, and a few seconds are what a
// translator's command may spend before its answer.
const (
	DefaultMaxCommits = 200
	DefaultMaxBytes   = 256 << 20
	DefaultTimeout    = 10 * time.Second
)

// A Want is one stale translation to find the source text of: the code's
// message ID and the hash the translation records.
type Want struct {
	ID   string
	Hash string
}

// A Version is one commit of the source bundle.
type Version struct {
	Commit string    // the commit's full hash
	Time   time.Time // its committer date
}

// Short returns the commit's hash abbreviated to seven digits, as git shows
// it.
func (v Version) Short() string { return v.Commit[:min(7, len(v.Commit))] }

// Previous is the source message a translation was made from, and the
// newest commit of the source file that has it.
type Previous struct {
	Message *catalog.Message
	Version Version
}

// Result is what Find found.
type Result struct {
	Found map[Want]Previous
	// Searched is how many versions were read; Commits how many git log
	// listed (at most MaxCommits).
	Searched, Commits int
	// Stopped, when not empty, says why the search ended before every
	// listed version was read or every hash found: the byte budget or the
	// timeout.
	Stopped string
}

// An UnavailableError says why there is no history to search: the folder
// is not in a git repository, git is not installed, the source file was
// never committed, git failed.
type UnavailableError struct {
	Reason string
}

func (e *UnavailableError) Error() string { return e.Reason }

// Find searches the git history of the source bundle file (a path on disk,
// such as locales/en.toml, whose name gives its locale tag) for the source
// message each of want was translated from. display names the file in
// messages. It returns an *UnavailableError when there is no history to
// search; a want not in Found was not in any version searched.
func Find(ctx context.Context, file, display string, tag language.Tag, want []Want, opts Options) (*Result, error) {
	opts.MaxCommits = cmp.Or(opts.MaxCommits, DefaultMaxCommits)
	opts.MaxBytes = cmp.Or(opts.MaxBytes, DefaultMaxBytes)
	opts.Timeout = cmp.Or(opts.Timeout, DefaultTimeout)
	res := &Result{Found: map[Want]Previous{}}
	if len(want) == 0 {
		return res, nil
	}
	ctx, cancel := context.WithTimeout(ctx, opts.Timeout)
	defer cancel()
	dir, base := filepath.Split(file)
	if dir == "" {
		dir = "."
	}
	if _, err := exec.LookPath("git"); err != nil {
		return nil, &UnavailableError{"git is not installed"}
	}
	versions, err := gitLog(ctx, dir, base, display, opts.MaxCommits)
	if err != nil {
		return nil, err
	}
	if len(versions) == 0 {
		return nil, &UnavailableError{display + " has no commits in git"}
	}
	res.Commits = len(versions)

	// pending holds the wants still to find, by message ID.
	pending := map[string][]string{}
	for _, w := range want {
		pending[w.ID] = append(pending[w.ID], w.Hash)
	}
	left := len(want)
	err = readVersions(ctx, dir, base, versions, opts.MaxBytes, func(v Version, data []byte) bool {
		res.Searched++
		b, _ := catalog.ParseBundle(display, tag, data)
		if b == nil {
			// A version that was not valid TOML served nobody, and no
			// translation was made from it.
			return true
		}
		for id, hashes := range pending {
			m := b.Lookup(id)
			if m == nil {
				continue
			}
			h := m.SourceHash()
			for i, want := range hashes {
				if want == h {
					res.Found[Want{id, h}] = Previous{Message: m.Clone(), Version: v}
					hashes = append(hashes[:i], hashes[i+1:]...)
					left--
					break
				}
			}
			if len(hashes) == 0 {
				delete(pending, id)
			} else {
				pending[id] = hashes
			}
		}
		return left > 0
	})
	var stop *stopped
	switch {
	case errors.As(err, &stop):
		res.Stopped = stop.why
	case ctx.Err() != nil:
		res.Stopped = fmt.Sprintf("the search took over %s", opts.Timeout)
	case err != nil:
		return res, err
	}
	return res, nil
}

// gitCommand returns git run in dir with an environment that keeps it
// quiet: no pager, no prompt, messages in English (they are matched), and
// no optional locks, since it only reads.
func gitCommand(ctx context.Context, dir string, args ...string) *exec.Cmd {
	cmd := exec.CommandContext(ctx, "git", args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "GIT_PAGER=cat", "GIT_TERMINAL_PROMPT=0", "GIT_OPTIONAL_LOCKS=0", "LC_ALL=C")
	cmd.WaitDelay = time.Second
	return cmd
}

// gitLog lists the commits that changed file in dir, newest first, at most
// max of them.
func gitLog(ctx context.Context, dir, file, display string, max int) ([]Version, error) {
	cmd := gitCommand(ctx, dir, "log", "--no-show-signature", "-n", strconv.Itoa(max), "--format=%H %ct", "--", file)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if ctx.Err() != nil {
		return nil, &UnavailableError{"git log did not answer in time"}
	}
	if err != nil {
		msg := strings.TrimSpace(stderr.String())
		if strings.Contains(msg, "not a git repository") {
			return nil, &UnavailableError{path.Dir(display) + " is not in a git repository"}
		}
		if strings.Contains(msg, "does not have any commits yet") {
			return nil, nil // a repository just made: no version of anything
		}
		if i := strings.IndexByte(msg, '\n'); i >= 0 {
			msg = msg[:i]
		}
		return nil, &UnavailableError{fmt.Sprintf("git log failed: %s", cmp.Or(msg, err.Error()))}
	}
	var vs []Version
	for line := range strings.SplitSeq(strings.TrimSpace(string(out)), "\n") {
		hash, secs, ok := strings.Cut(line, " ")
		if !ok {
			continue
		}
		n, err := strconv.ParseInt(secs, 10, 64)
		if err != nil {
			continue
		}
		vs = append(vs, Version{Commit: hash, Time: time.Unix(n, 0).UTC()})
	}
	return vs, nil
}

// stopped ends readVersions early, saying why.
type stopped struct{ why string }

func (s *stopped) Error() string { return s.why }

// readVersions reads file as each commit of versions has it, newest first,
// through one git cat-file --batch, and calls each with the bytes until it
// returns false. A version whose blob is the one read just before is
// skipped: it has nothing new. It stops when the bytes read would pass
// budget.
func readVersions(ctx context.Context, dir, file string, versions []Version, budget int64, each func(Version, []byte) bool) error {
	cmd := gitCommand(ctx, dir, "cat-file", "--batch")
	stdin, err := cmd.StdinPipe()
	if err != nil {
		return err
	}
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		return err
	}
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		return &UnavailableError{fmt.Sprintf("git cat-file: %v", err)}
	}
	defer func() {
		stdin.Close()
		cmd.Process.Kill()
		cmd.Wait()
	}()
	r := bufio.NewReader(stdout)
	var read int64
	last := ""
	for _, v := range versions {
		// "./" makes the path relative to dir, where git runs, rather
		// than to the top of the repository.
		if _, err := fmt.Fprintf(stdin, "%s:./%s\n", v.Commit, file); err != nil {
			return readError(ctx, err, &stderr)
		}
		header, err := r.ReadString('\n')
		if err != nil {
			return readError(ctx, err, &stderr)
		}
		f := strings.Fields(header)
		if len(f) == 2 && f[1] == "missing" {
			// The commit removed the file.
			continue
		}
		if len(f) != 3 || f[1] != "blob" {
			return fmt.Errorf("git cat-file: unexpected answer %q", strings.TrimSpace(header))
		}
		size, err := strconv.ParseInt(f[2], 10, 64)
		if err != nil {
			return fmt.Errorf("git cat-file: unexpected answer %q", strings.TrimSpace(header))
		}
		if size > catalog.MaxBundleSize || read+size > budget {
			return &stopped{fmt.Sprintf("the versions older than commit %s are over the %d MB errcat reads", v.Short(), budget>>20)}
		}
		read += size
		data := make([]byte, size+1) // the blob and its newline
		if _, err := io.ReadFull(r, data); err != nil {
			return readError(ctx, err, &stderr)
		}
		if f[0] == last {
			continue
		}
		last = f[0]
		if !each(v, data[:size]) {
			return nil
		}
		if ctx.Err() != nil {
			return ctx.Err()
		}
	}
	return nil
}

func readError(ctx context.Context, err error, stderr *bytes.Buffer) error {
	if ctx.Err() != nil {
		return ctx.Err()
	}
	if msg := strings.TrimSpace(stderr.String()); msg != "" {
		return fmt.Errorf("git cat-file: %s", msg)
	}
	return fmt.Errorf("git cat-file: %w", err)
}
