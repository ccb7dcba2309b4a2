//go:build unix

package catalog

import (
	"net"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/errcat/errcat/catalog/diag"
)

func writeFile(t *testing.T, name, text string) {
	t.Helper()
	if err := os.WriteFile(name, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
}

// A FIFO or a socket named like a bundle is skipped with a warning, never
// opened (opening a FIFO waits for a writer), and the rest loads.
func TestSpecialFilesAreSkipped(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "en.toml"), "[\"1\"]\nother = \"x\"\n")
	writeFile(t, filepath.Join(dir, "de.toml"), "[\"1\"]\nother = \"y\"\n")
	if err := syscall.Mkfifo(filepath.Join(dir, "ja.toml"), 0o644); err != nil {
		t.Fatal(err)
	}
	ln, err := net.Listen("unix", filepath.Join(dir, "ko.toml"))
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	// A link to a FIFO is a FIFO.
	if err := os.Symlink("ja.toml", filepath.Join(dir, "fr.toml")); err != nil {
		t.Fatal(err)
	}
	done := make(chan struct{})
	var c *Catalog
	go func() {
		defer close(done)
		c, err = LoadDir(dir)
	}()
	select {
	case <-done:
	case <-time.After(10 * time.Second):
		t.Fatal("loading a folder with a FIFO hangs")
	}
	if err != nil {
		t.Fatal(err)
	}
	if n := len(c.Locales()); n != 2 {
		t.Fatalf("%d locales, want en and de", n)
	}
	var got []string
	for _, d := range c.Warnings() {
		got = append(got, d.String()+" ["+d.Rule+"]")
	}
	want := []string{
		dir + "/fr.toml: warning: fr.toml is a named pipe (FIFO), not a regular file: skipped [special-file]",
		dir + "/ja.toml: warning: ja.toml is a named pipe (FIFO), not a regular file: skipped [special-file]",
		dir + "/ko.toml: warning: ko.toml is a socket, not a regular file: skipped [special-file]",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Fatalf("warnings:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

// A bundle that turns into a FIFO between the listing and the read (a
// folder being changed) is refused at once by DirFS, and costs at most the
// read timeout through a file system that would wait for a writer.
func TestReadOfAFileTurnedFIFOIsBounded(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "en.toml"), "[\"1\"]\nother = \"x\"\n")
	writeFile(t, filepath.Join(dir, "ja.toml"), "[\"1\"]\nother = \"y\"\n")
	for _, tc := range []struct {
		name string
		fsys func() *Folder
	}{
		{"DirFS", func() *Folder { f, _ := OpenFolder(DirFS(dir), "locales"); return f }},
		{"os.DirFS", func() *Folder { f, _ := OpenFolder(os.DirFS(dir), "locales"); return f }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f := tc.fsys()
			ja := filepath.Join(dir, "ja.toml")
			os.Remove(ja)
			if err := syscall.Mkfifo(ja, 0o644); err != nil {
				t.Fatal(err)
			}
			defer func() {
				os.Remove(ja)
				writeFile(t, ja, "[\"1\"]\nother = \"y\"\n")
			}()
			defer func(d time.Duration) { readTimeout = d }(readTimeout)
			readTimeout = 300 * time.Millisecond
			start := time.Now()
			b, diags := f.Read(f.Translations[0])
			if b != nil || len(diags) != 1 || diags[0].Rule != diag.RuleRead || diags[0].File != "locales/ja.toml" {
				t.Fatalf("got %v, %v; want one read error", b, diags)
			}
			if d := time.Since(start); d > 5*time.Second {
				t.Fatalf("the read took %v", d)
			}
			t.Log(diags[0])
			// Let os.DirFS's open, still waiting for a writer, return.
			if w, err := os.OpenFile(ja, os.O_WRONLY|syscall.O_NONBLOCK, 0); err == nil {
				w.Close()
			}
		})
	}
}
