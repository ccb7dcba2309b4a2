//go:build unix

package safefile

import (
	"context"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

// TestFIFO opens a FIFO where the file should be, with no writer: a
// blocking open would wait forever.
func TestFIFO(t *testing.T) {
	name := filepath.Join(t.TempDir(), "ja.toml")
	if err := syscall.Mkfifo(name, 0o644); err != nil {
		t.Skip(err)
	}
	if _, err := Open(context.Background(), name, Options{}); err == nil || !strings.Contains(err.Error(), "not a regular file") {
		t.Fatalf("Open: %v, want \"not a regular file\"", err)
	}
}
