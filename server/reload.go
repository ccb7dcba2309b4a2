package server

import (
	"errors"
	"fmt"
	"path/filepath"
	"runtime/debug"
	"slices"
	"sync"
	"time"

	"github.com/fsnotify/fsnotify"

	"github.com/errcat/errcat/catalog"
	"github.com/errcat/errcat/catalog/diag"
)

// Reload loads the catalog in dir and, if it is valid, serves it from the
// next request on. A translation that would render wrong does not make it
// invalid: that message falls back, and is logged (see LogWarnings). A
// catalog is otherwise used whole or not at all: when loading fails
// the server keeps serving the catalog it has, logs every problem with its
// file and line, counts the failure in errcat_reloads_total{result="failed"},
// keeps it in ReloadState (so /readyz and the status pages show it until a
// load succeeds) and returns the *catalog.LoadError. A reload never panics:
// a panic in it counts and logs as a failure too.
func (s *Server) Reload(dir string) error {
	return s.reload(dir, nil)
}

// reload is Reload with a last check before the new catalog is served:
// keep, when not nil, may refuse it (the watcher does when the folder
// changed while it was read).
func (s *Server) reload(dir string, keep func() bool) (err error) {
	// Reloads run one at a time, so that a slow load cannot finish after a
	// later one and put older text back.
	s.reloadMu.Lock()
	defer s.reloadMu.Unlock()
	defer func() {
		if r := recover(); r != nil {
			s.metrics.reloads.WithLabelValues("failed").Inc()
			s.log.Error("catalog reload failed unexpectedly, a bug in errcat; still serving the last good catalog",
				"dir", dir, "panic", fmt.Sprint(r), "stack", string(debug.Stack()))
			err = fmt.Errorf("reload %s: panic: %v", dir, r)
			s.reloadFailed(time.Now(), []diag.Diagnostic{{File: dir, Severity: diag.Error, Rule: diag.RuleInternal,
				Message: "the reload failed unexpectedly, a bug in errcat: " + fmt.Sprint(r)}})
		}
	}()

	c, err := s.load(dir)
	if keep != nil && !keep() {
		return errUnsettled
	}
	if err != nil {
		s.metrics.reloads.WithLabelValues("failed").Inc()
		s.reloadFailed(time.Now(), catalog.Diagnostics(err, dir))
		s.logLoadError(dir, err)
		return err
	}
	s.metrics.reloads.WithLabelValues("ok").Inc()
	old := s.Catalog()
	if old == nil || !slices.Equal(old.Warnings(), c.Warnings()) || !slices.Equal(old.Flaws(), c.Flaws()) {
		s.LogWarnings(dir, c)
	}
	sameVersion := old != nil && old.Version() == c.Version()
	if sameVersion && slices.Equal(old.Warnings(), c.Warnings()) {
		// A save that changed nothing a client sees (a comment, the
		// layout): keep the snapshot and its warm caches. One that
		// changed the warnings (a file saved as it.TOML, which is not
		// read) is swapped in, so that the status page says so.
		s.log.Info("catalog reloaded, unchanged", "dir", dir, "version", c.Version())
		s.loadedGood(time.Now())
		return nil
	}
	s.SetCatalog(c)
	if sameVersion {
		s.log.Info("catalog reloaded, only its warnings changed", "dir", dir, "version", c.Version())
		return nil
	}
	attrs := []any{"dir", dir, "version", c.Version(), "codes", len(c.Codes()), "locales", len(c.Locales())}
	if old != nil {
		attrs = append(attrs, "previous", old.Version())
	}
	s.log.Info("catalog reloaded", attrs...)
	return nil
}

// errUnsettled: the folder changed while it was being read, so what was
// read may be half of a write; the watcher looks again.
var errUnsettled = errors.New("the folder changed while it was read")

// LogWarnings logs the warnings of a catalog loaded from dir, each on a
// line of its own: a bundle skipped because it is a FIFO, a file name not in
// canonical form; and each translation it does not serve because it would
// render wrong (Catalog.Flaws), which falls back. Reload logs them when
// they change; a service logs them once for the catalog it starts with.
func (s *Server) LogWarnings(dir string, c *catalog.Catalog) {
	const most = 20
	for i, d := range c.Warnings() {
		if i == most {
			s.log.Warn("catalog warning", "dir", dir, "more", len(c.Warnings())-most)
			break
		}
		s.log.Warn("catalog warning", "dir", dir, "diagnostic", d.String(), "file", d.File, "rule", d.Rule)
	}
	const flawMsg = "translation not served, its code falls back"
	for i, d := range c.Flaws() {
		if i == most {
			s.log.Warn(flawMsg, "dir", dir, "more", len(c.Flaws())-most)
			break
		}
		s.log.Warn(flawMsg, "dir", dir, "diagnostic", d.String(),
			"file", d.File, "line", d.Line, "col", d.Col, "rule", d.Rule)
	}
}

// logLoadError logs each diagnostic of a failed load on a line of its own,
// with its file and line, as the translator's editor would show it.
func (s *Server) logLoadError(dir string, err error) {
	const msg = "catalog reload failed; still serving the last good catalog"
	const most = 20
	diags := catalog.Diagnostics(err, dir)
	for i, d := range diags {
		if i == most {
			s.log.Error(msg, "dir", dir, "more", len(diags)-most)
			break
		}
		s.log.Error(msg, "dir", dir, "diagnostic", d.String(),
			"file", d.File, "line", d.Line, "col", d.Col, "rule", d.Rule)
	}
}

// How the watcher decides that a change is complete. A save is a burst of
// events (a backup renamed aside, the file created, written, its mode
// set), `errcat merge` writes several bundles in a row, and a slow writer
// (a copy over the network, a script) takes seconds over one file. The
// watcher therefore never reads on an event: it looks at the folder's
// stamp (see folderStamp), and loads only once two looks settle apart have
// seen the same stamp, then checks the stamp again after reading, and
// throws the read away if the folder changed meanwhile. No deadline forces
// a read while a file keeps changing: a file still being written is not
// loaded until the writer has paused for settle.
const (
	settle = 250 * time.Millisecond
	// backstopPoll is how often the watcher looks at the folder with no
	// event at all, while events work: a file system may lose events, or
	// send none for changes made elsewhere (NFS).
	backstopPoll = 10 * time.Second
	// lostPoll is how often it looks while events do not work: the folder
	// is gone, or the file system stopped sending them.
	lostPoll = time.Second
	// closeWait bounds how long Close waits for a reload that is running.
	closeWait = 2 * time.Second
)

// WatchOptions tune Watch. The zero value is what errcat serve uses by
// default.
type WatchOptions struct {
	// Poll is how often the watcher looks at the folder without a
	// file-system event. Zero is every 10 seconds while events work and
	// every second while they do not. A file system that sends no events
	// for changes made elsewhere (NFS, some container volumes) wants a
	// short Poll, such as 2s.
	Poll time.Duration
}

// A Watcher reloads a Server's catalog when bundles change in a directory.
type Watcher struct {
	s      *Server
	dir    string
	settle time.Duration
	poll   time.Duration // with events working
	lost   time.Duration // without
	fsw    *fsnotify.Watcher
	stop   chan struct{}
	done   chan struct{}
	once   sync.Once

	// Owned by run.
	dirID   fileID
	targets []string    // link target folders being watched
	events  bool        // file-system events are working for dir
	loaded  folderStamp // the stamp of the last load tried
	seen    folderStamp // the stamp of the last look
}

// Watch reloads the catalog from dir whenever a bundle there changes, until
// the Watcher is closed, with the default WatchOptions.
//
// It watches the directory rather than its files, so that an editor that
// saves by writing a new file and renaming it over the old one is seen, and
// it follows the bundles' symbolic links to the folders their targets are
// in: a Kubernetes ConfigMap's update (a new ..2026_… folder, then ..data
// swapped to it by a rename) and a write to a bundle linked from a shared
// checkout are both seen. What decides a reload is the folder's stamp
// (see folderStamp), not the event, so a chmod that makes a bundle
// readable reloads, and translators' work files (translate.ja.toml),
// hidden files and editors' backups, which the loader does not read, do
// not. A file being written is loaded once its writer has paused.
//
// When watching breaks (the directory is removed or replaced, or the file
// system stops sending events) the watcher says so in the log, on /readyz
// and in WatchState, looks at the folder every second, and watches it again
// when it is back.
func (s *Server) Watch(dir string) (*Watcher, error) {
	return s.WatchWith(dir, WatchOptions{})
}

// WatchWith is Watch with options.
func (s *Server) WatchWith(dir string, opt WatchOptions) (*Watcher, error) {
	poll, lost := backstopPoll, lostPoll
	if opt.Poll > 0 {
		poll, lost = opt.Poll, min(opt.Poll, lostPoll)
	}
	return s.watch(dir, settle, poll, lost)
}

// watch is WatchWith with the delays as parameters, for tests.
func (s *Server) watch(dir string, settle, poll, lost time.Duration) (*Watcher, error) {
	first := stampFolder(dir)
	if first.missing != "" {
		return nil, fmt.Errorf("watch %s: %s", dir, first.missing)
	}
	w := &Watcher{s: s, dir: dir, settle: settle, poll: poll, lost: lost,
		stop: make(chan struct{}), done: make(chan struct{}), loaded: first, seen: first}
	fsw, err := fsnotify.NewWatcher()
	if err != nil {
		// Out of inotify instances, say: the folder can still be polled.
		w.setState(stateLost, "file-system events are unavailable: "+err.Error())
	} else {
		w.fsw = fsw
		w.rewatch(first)
	}
	go w.run()
	return w, nil
}

// Close stops watching and waits until no reload is running, for a couple
// of seconds at most: a reload stuck on a file system that stopped
// answering must not keep a process from exiting. A reload that finishes
// after Close has returned is not served.
func (w *Watcher) Close() error {
	var err error
	w.once.Do(func() {
		close(w.stop)
		if w.fsw != nil {
			err = w.fsw.Close()
		}
		select {
		case <-w.done:
		case <-time.After(closeWait):
			w.s.log.Warn("stopped watching with a reload still running", "dir", w.dir)
		}
		w.s.watchState.Store(nil)
	})
	return err
}

func (w *Watcher) stopped() bool {
	select {
	case <-w.stop:
		return true
	default:
		return false
	}
}

func (w *Watcher) run() {
	defer close(w.done)
	var events <-chan fsnotify.Event
	var errs <-chan error
	if w.fsw != nil {
		events, errs = w.fsw.Events, w.fsw.Errors
	}
	look := time.NewTimer(time.Hour)
	look.Stop()
	looking := false // a look is scheduled
	soon := func() {
		if !looking {
			looking = true
			look.Reset(w.settle)
		}
	}
	interval := func() time.Duration {
		if w.events {
			return w.poll
		}
		return w.lost
	}
	every := interval()
	poll := time.NewTimer(every)
	defer poll.Stop()
	defer look.Stop()
	for {
		// Poll faster as soon as events stop working, and slower once
		// they work again.
		if iv := interval(); iv != every {
			every = iv
			poll.Reset(every)
		}
		select {
		case <-w.stop:
			return
		case ev, ok := <-events:
			if !ok {
				events = nil
				continue
			}
			w.s.log.Debug("catalog folder changed", "file", ev.Name, "op", ev.Op.String())
			if filepath.Clean(ev.Name) == filepath.Clean(w.dir) && ev.Has(fsnotify.Remove|fsnotify.Rename) {
				// The folder itself went: its watch is gone with it.
				w.events = false
				w.setState(stateLost, "the folder was removed or renamed")
			}
			soon()
		case err, ok := <-errs:
			if !ok {
				errs = nil
				continue
			}
			if errors.Is(err, fsnotify.ErrEventOverflow) {
				// Events were lost, perhaps the one that mattered: look.
				w.s.log.Warn("catalog folder events overflowed; looking at the folder", "dir", w.dir)
			} else {
				w.events = false
				w.setState(stateLost, "file-system events failed: "+err.Error())
			}
			soon()
		case <-look.C:
			looking = false
			if w.lookAt() {
				soon()
			}
		case <-poll.C:
			if !looking && w.lookAt() {
				soon()
			}
			poll.Reset(every)
		}
	}
}

// lookAt looks at the folder: it watches it again if it came back or was
// replaced, follows the bundles' links, and reloads once the folder has
// settled. It reports whether to look again soon, because the folder is
// still changing.
func (w *Watcher) lookAt() (again bool) {
	st := stampFolder(w.dir)
	if st.missing != "" {
		w.events = false
		w.setState(stateLost, st.missing)
		w.seen = st
		return false
	}
	if w.fsw != nil && (!w.events || st.dir != w.dirID || !slices.Equal(st.targets, w.targets)) {
		w.rewatch(st)
	}
	if !st.equal(w.seen) {
		// Changing: wait until two looks agree.
		w.seen = st
		return true
	}
	if st.equal(w.loaded) {
		return false
	}
	w.loaded = st
	if w.stopped() {
		return false
	}
	err := w.s.reload(w.dir, func() bool {
		after := stampFolder(w.dir)
		return after.equal(st) && !w.stopped()
	})
	if errors.Is(err, errUnsettled) {
		// Written to while it was read: what was read may be half a
		// write, and is not served.
		w.s.log.Debug("catalog folder changed while reloading; waiting for it to settle", "dir", w.dir)
		w.seen, w.loaded = folderStamp{}, folderStamp{}
		return true
	}
	return false
}

// rewatch (re)starts watching the folder and the folders the bundles' links
// lead to. The folder's watch is renewed when the folder was replaced
// (another inode under the same path) or events had stopped.
func (w *Watcher) rewatch(st folderStamp) {
	if !w.events || st.dir != w.dirID {
		// A replaced folder's old watch may linger under the same path.
		_ = w.fsw.Remove(w.dir)
		if err := w.fsw.Add(w.dir); err != nil {
			w.events = false
			w.setState(stateLost, "cannot watch the folder: "+err.Error())
			return
		}
		if w.s.WatchState().State == stateLost {
			w.s.log.Info("watching the catalog folder again", "dir", w.dir)
		}
		w.dirID, w.events = st.dir, true
		w.targets = nil
		w.setState(stateWatching, "")
	}
	for _, t := range w.targets {
		if !slices.Contains(st.targets, t) {
			_ = w.fsw.Remove(t)
		}
	}
	var kept []string
	for _, t := range st.targets {
		if slices.Contains(w.targets, t) {
			kept = append(kept, t)
			continue
		}
		if err := w.fsw.Add(t); err != nil {
			// The link's folder cannot be watched: the backstop poll
			// still sees changes there. It is kept as known, so that
			// the warning is said once.
			w.s.log.Warn("cannot watch the folder a bundle links into; looking at it every "+w.poll.String(), "dir", t, "error", err)
		}
		kept = append(kept, t)
	}
	w.targets = kept
}

// The states of a watch, as WatchState reports them.
const (
	stateWatching = "watching"
	stateLost     = "lost"
)

// A WatchState says how a Server's catalog folder is being watched.
type WatchState struct {
	Dir string
	// State is "watching" while file-system events arrive, or "lost" when
	// they do not (Detail says why) and the folder is looked at every
	// Poll instead. It is "" when the server watches no folder.
	State  string
	Detail string
	Poll   time.Duration // how often the folder is looked at without events
	Since  time.Time
}

// String is the state in a few words, as /readyz reports it: "watching",
// or "lost: the folder is gone; looking every 1s".
func (ws WatchState) String() string {
	switch ws.State {
	case "":
		return ""
	case stateWatching:
		return stateWatching
	}
	return fmt.Sprintf("%s: %s; looking every %v", ws.State, ws.Detail, ws.Poll)
}

// WatchState returns how the server's catalog folder is watched: the zero
// WatchState when no Watcher runs.
func (s *Server) WatchState() WatchState {
	if ws := s.watchState.Load(); ws != nil {
		return *ws
	}
	return WatchState{}
}

func (w *Watcher) setState(state, detail string) {
	old := w.s.WatchState()
	if old.State == state && old.Detail == detail {
		return
	}
	poll := w.poll
	if state != stateWatching {
		poll = w.lost
	}
	w.s.watchState.Store(&WatchState{Dir: w.dir, State: state, Detail: detail, Poll: poll, Since: time.Now()})
	if state == stateLost {
		w.s.log.Warn("lost the watch on the catalog folder; looking at it every "+poll.String()+" until it is back",
			"dir", w.dir, "reason", detail)
	}
}
