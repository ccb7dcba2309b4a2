package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"runtime"
	"runtime/debug"
)

// version is the release a build says it is, set by the linker
// (go build -ldflags "-X main.version=v0.1.0", as the Dockerfile does with
// its VERSION argument). Empty, errcat version reports the module version
// the go command recorded: v0.1.0 for go install ...@v0.1.0, "(devel)" for
// a build from a checkout.
var version string

// buildInfo is what errcat version reports: what the go command recorded
// in the binary, read with runtime/debug.ReadBuildInfo.
type buildInfo struct {
	Version string `json:"version"`
	Module  string `json:"module,omitempty"`
	// Revision, Modified and CommitTime come from the version control
	// system of the checkout the binary was built in; a build without one
	// (a module download, a copy without .git, -buildvcs=false) has none.
	// The go command records no build time: CommitTime is the time of the
	// revision's commit.
	Revision   string `json:"revision,omitempty"`
	Modified   *bool  `json:"modified,omitempty"`
	CommitTime string `json:"commit_time,omitempty"`
	Go         string `json:"go"`
	Platform   string `json:"platform"`
}

// readBuildInfo gathers the binary's build information.
func readBuildInfo() buildInfo {
	bi := buildInfo{Version: "(unknown)", Go: runtime.Version(), Platform: runtime.GOOS + "/" + runtime.GOARCH}
	if info, ok := debug.ReadBuildInfo(); ok {
		bi.Module = info.Main.Path
		if info.Main.Version != "" {
			bi.Version = info.Main.Version
		}
		bi.Go = info.GoVersion
		for _, s := range info.Settings {
			switch s.Key {
			case "vcs.revision":
				bi.Revision = s.Value
			case "vcs.time":
				bi.CommitTime = s.Value
			case "vcs.modified":
				modified := s.Value == "true"
				bi.Modified = &modified
			}
		}
	}
	if version != "" {
		bi.Version = version
	}
	return bi
}

func runVersion(_ context.Context, e *env, args []string) int {
	fs := flag.NewFlagSet("version", flag.ContinueOnError)
	fs.SetOutput(e.stderr)
	fs.Usage = func() {}
	format := fs.String("format", "text", "")
	help := func(w io.Writer) {
		fmt.Fprint(w, `usage: errcat version [--format text|json]

Prints the version of this errcat binary, the revision of the checkout it
was built from (when the build recorded one) and the Go release that built
it. errcat --version is the same.

flags:
  --format FORMAT   output FORMAT: text or json (default text)
`)
	}
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			help(e.stdout)
			return exitOK
		}
		fmt.Fprintln(e.stderr, "Run 'errcat version -h' for usage.")
		return exitUsage
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(e.stderr, "errcat version: unexpected argument %q\nRun 'errcat version -h' for usage.\n", fs.Arg(0))
		return exitUsage
	}
	bi := readBuildInfo()
	switch *format {
	case "text":
		writeVersion(e.stdout, bi)
	case "json":
		enc := json.NewEncoder(e.stdout)
		enc.SetIndent("", "  ")
		enc.Encode(bi)
	default:
		fmt.Fprintf(e.stderr, "errcat version: unknown --format %q (use text, json)\n", *format)
		return exitUsage
	}
	return exitOK
}

// writeVersion writes bi for a person: the version on the first line, so
// that `errcat version | head -1` is the version, then one fact a line.
func writeVersion(w io.Writer, bi buildInfo) {
	fmt.Fprintf(w, "errcat %s\n", bi.Version)
	if bi.Module != "" {
		fmt.Fprintf(w, "module     %s\n", bi.Module)
	}
	if bi.Revision != "" {
		rev := bi.Revision
		if bi.Modified != nil && *bi.Modified {
			rev += " (modified)"
		}
		fmt.Fprintf(w, "revision   %s\n", rev)
	}
	if bi.CommitTime != "" {
		fmt.Fprintf(w, "committed  %s\n", bi.CommitTime)
	}
	fmt.Fprintf(w, "go         %s %s\n", bi.Go, bi.Platform)
}
