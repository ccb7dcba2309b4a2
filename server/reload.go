package server

import (
	"errors"
	"path/filepath"
	"sync"
	"time"

	"github.com/fsnotify/fsnotify"

	"github.com/errcat/errcat/catalog"
)

// Reload loads the catalog in dir and, if it is valid, serves it from the
// next request on. A catalog is used whole or not at all: when loading fails
// the server keeps serving the catalog it has, logs every problem with its
// file and line, counts the failure in errcat_reloads_total{result="failed"}
// and returns the *catalog.LoadError.
func (s *Server) Reload(dir string) error {
	// Reloads run one at a time, so that a slow load cannot finish after a
	// later one and put older text back.
	s.reloadMu.Lock()
	defer s.reloadMu.Unlock()

	c, err := catalog.LoadDir(dir)
	if err != nil {
		s.metrics.reloads.WithLabelValues("failed").Inc()
		s.logLoadError(dir, err)
		return err
	}
	s.metrics.reloads.WithLabelValues("ok").Inc()
	old := s.Catalog()
	if old != nil && old.Version() == c.Version() {
		// A save that changed nothing a client sees (a comment, the
		// layout): keep the snapshot and its warm caches.
		s.log.Info("catalog reloaded, unchanged", "dir", dir, "version", c.Version())
		return nil
	}
	s.SetCatalog(c)
	attrs := []any{"dir", dir, "version", c.Version(), "codes", len(c.Codes()), "locales", len(c.Locales())}
	if old != nil {
		attrs = append(attrs, "previous", old.Version())
	}
	s.log.Info("catalog reloaded", attrs...)
	return nil
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

// Debouncing: an editor's save is a burst of events (a backup renamed
// aside, the file created, written, its mode set), and `errcat merge` writes
// several bundles in a row. The watcher reloads once the directory has been
// quiet for debounce, or after maxDelay of continuous events, so that a
// steady trickle of writes cannot postpone a reload for ever.
const (
	debounce = 150 * time.Millisecond
	maxDelay = time.Second
)

// A Watcher reloads a Server's catalog when bundles change in a directory.
type Watcher struct {
	s        *Server
	dir      string
	debounce time.Duration
	maxDelay time.Duration
	fsw      *fsnotify.Watcher
	stop     chan struct{}
	done     chan struct{}
	once     sync.Once
}

// Watch reloads the catalog from dir whenever a bundle there is written,
// created, removed or renamed, until the Watcher is closed. It watches the
// directory rather than its files, so that an editor that saves by writing
// a new file and renaming it over the old one is seen. Translators' work
// files (translate.ja.toml), hidden files and editors' backup files are
// ignored, as the loader ignores them.
func (s *Server) Watch(dir string) (*Watcher, error) {
	return s.watch(dir, debounce, maxDelay)
}

// watch is Watch with the debouncing delays as parameters, for tests.
func (s *Server) watch(dir string, debounce, maxDelay time.Duration) (*Watcher, error) {
	fsw, err := fsnotify.NewWatcher()
	if err != nil {
		return nil, err
	}
	if err := fsw.Add(dir); err != nil {
		fsw.Close()
		return nil, err
	}
	w := &Watcher{s: s, dir: dir, debounce: debounce, maxDelay: maxDelay, fsw: fsw, stop: make(chan struct{}), done: make(chan struct{})}
	go w.run()
	return w, nil
}

// Close stops watching and waits until no reload is running.
func (w *Watcher) Close() error {
	var err error
	w.once.Do(func() {
		close(w.stop)
		err = w.fsw.Close()
		<-w.done
	})
	return err
}

func (w *Watcher) run() {
	defer close(w.done)
	timer := time.NewTimer(time.Hour)
	timer.Stop()
	var (
		pending bool      // a reload is scheduled
		first   time.Time // the first event of the pending burst
	)
	schedule := func() {
		now := time.Now()
		if !pending {
			pending, first = true, now
		}
		timer.Reset(max(0, min(w.debounce, w.maxDelay-now.Sub(first))))
	}
	for {
		select {
		case <-w.stop:
			timer.Stop()
			return
		case ev, ok := <-w.fsw.Events:
			if !ok {
				return
			}
			if filepath.Clean(ev.Name) == filepath.Clean(w.dir) && ev.Has(fsnotify.Remove|fsnotify.Rename) {
				w.s.log.Warn("catalog directory removed or renamed; reloading stops", "dir", w.dir)
				continue
			}
			if affectsCatalog(ev) {
				w.s.log.Debug("catalog file changed", "file", ev.Name, "op", ev.Op.String())
				schedule()
			}
		case err, ok := <-w.fsw.Errors:
			if !ok {
				return
			}
			w.s.log.Warn("watching catalog directory", "dir", w.dir, "error", err)
			if errors.Is(err, fsnotify.ErrEventOverflow) {
				// Events were lost, perhaps the one that mattered.
				schedule()
			}
		case <-timer.C:
			pending = false
			w.s.log.Debug("reloading after changes", "dir", w.dir, "since", time.Since(first))
			w.s.Reload(w.dir)
		}
	}
}

// affectsCatalog reports whether an event can change the loaded catalog: a
// change to a file the loader reads: a bundle or the facts file. A change of mode alone
// cannot.
func affectsCatalog(ev fsnotify.Event) bool {
	if ev.Op == fsnotify.Chmod {
		return false
	}
	return catalog.IsCatalogFile(filepath.Base(ev.Name))
}
