package main

import (
	"cmp"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/url"
	"os"
	"os/signal"
	"regexp"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/errcat/errcat/catalog"
	"github.com/errcat/errcat/locales"
	"github.com/errcat/errcat/server"
	"github.com/errcat/errcat/status"
)

// embeddedMaxAge is how long caches may reuse a response of the embedded
// catalog, which changes only with a new binary. A watched directory changes
// at any moment, so its responses are revalidated each time (no-cache, with
// the ETag).
const embeddedMaxAge = time.Minute

// serveConfig is errcat serve's configuration, from its flags and the
// environment.
type serveConfig struct {
	addr        string
	dir         string
	accessLog   bool
	logFormat   string
	pages       bool
	metricsAddr string
	corsOrigins stringList
	poll        time.Duration
}

// A serveOption is one setting of errcat serve: its flag, and the
// environment variable (envName) that sets it when the flag is not given.
// The help and docs/SERVICE.md's table are written from these.
type serveOption struct {
	name string // the flag's name: "addr" for --addr
	arg  string // its value in the help: "HOST:PORT"; empty for a switch
	def  string // its default as the help shows it; empty for none
	help string
	// list is true for a flag that may be repeated; its variable holds
	// a comma-separated list.
	list bool
}

// envName is the environment variable of a flag: ERRCAT_ and the flag's
// name in capitals, - as _: --metrics-addr is ERRCAT_METRICS_ADDR.
func (o serveOption) envName() string {
	return "ERRCAT_" + strings.ToUpper(strings.ReplaceAll(o.name, "-", "_"))
}

// serveOptions lists errcat serve's settings, in the order the help shows.
var serveOptions = []serveOption{
	{name: "addr", arg: "HOST:PORT", def: "127.0.0.1:8080",
		help: "listen on HOST:PORT; 127.0.0.1 takes connections from this machine only, :8080 from any (as a container must); port 0 picks a free port"},
	{name: "locales", arg: "DIR", def: "the embedded catalog",
		help: "serve the bundles in DIR instead of the catalog built into errcat, and reload them when they change or on SIGHUP"},
	{name: "access-log", def: "false",
		help: "log one line a request"},
	{name: "log-format", arg: "FORMAT", def: "text",
		help: "write the log as text (key=value) or json (one object a line)"},
	{name: "pages", def: "true",
		help: "serve the translation status pages at / and /codes/{code}; --pages=false serves the API only"},
	{name: "metrics-addr", arg: "HOST:PORT", def: "none",
		help: "serve /metrics, /healthz, /readyz and the status pages on a second listener at HOST:PORT, for operators only, and take /metrics and the pages off --addr"},
	{name: "poll", arg: "DURATION", def: "0",
		help: "with --locales, also look for changes every DURATION, for file systems that send no change events (NFS, some container volumes); 0 looks every 10s, and every second while events do not work"},
	{name: "cors-origin", arg: "ORIGIN", def: "none", list: true,
		help: "let web pages of ORIGIN (https://app.example.com, or * for any) read GET /v1/errors/{code}, /v1/errors and /v1/locales; repeat the flag for more origins; the variable takes a comma-separated list"},
}

// serveUsage writes errcat serve's help.
func serveUsage(w io.Writer) {
	fmt.Fprint(w, `usage: errcat serve [--addr HOST:PORT] [--locales DIR] [flags]

Serves the catalog's error messages in each caller's language:
GET /v1/errors/{code}, /v1/errors and /v1/locales (JSON), /healthz and
/readyz for probes, /metrics for Prometheus, and the translation status
pages at / and /codes/{code}. SIGTERM or Ctrl-C stops it once the requests
in flight are answered; SIGHUP reloads the catalog of --locales.

Each flag can also be set by the environment variable named beside it;
a flag given on the command line wins over its variable.

flags:
`)
	for _, o := range serveOptions {
		flagText := "--" + o.name
		if o.arg != "" {
			flagText += " " + o.arg
		}
		fmt.Fprintf(w, "  %-26s %s\n", flagText, o.envName())
		for _, line := range wrap(o.help, 68) {
			fmt.Fprintf(w, "        %s\n", line)
		}
		if o.def != "" {
			fmt.Fprintf(w, "        (default %s)\n", o.def)
		}
	}
}

// wrap breaks text into lines of at most width bytes, at spaces.
func wrap(text string, width int) []string {
	var lines []string
	line := ""
	for _, word := range strings.Fields(text) {
		if line != "" && len(line)+1+len(word) > width {
			lines = append(lines, line)
			line = ""
		}
		if line != "" {
			line += " "
		}
		line += word
	}
	return append(lines, line)
}

// serveSources records where each setting's value came from, flag or
// variable, by the flag's name: "--locales" or "ERRCAT_LOCALES".
type serveSources map[string]string

// describe names a setting's value as the user gave it, for an error:
// "--locales /srv/locales" or "ERRCAT_LOCALES=/srv/locales".
func (from serveSources) describe(name, value string) string {
	if s := from[name]; strings.HasPrefix(s, "ERRCAT_") {
		return s + "=" + value
	}
	return "--" + name + " " + value
}

// parseServe reads errcat serve's configuration from args and, for each
// flag not given, from its environment variable. ok is false when the
// command should exit with code.
func parseServe(e *env, args []string) (cfg serveConfig, from serveSources, code int, ok bool) {
	fs := flag.NewFlagSet("serve", flag.ContinueOnError)
	// The help is serveUsage, on stdout; errors are reported below, on
	// stderr.
	fs.SetOutput(io.Discard)
	fs.Usage = func() {}
	cfg = serveConfig{addr: "127.0.0.1:8080", logFormat: "text", pages: true}
	fs.StringVar(&cfg.addr, "addr", cfg.addr, "")
	fs.StringVar(&cfg.dir, "locales", "", "")
	fs.BoolVar(&cfg.accessLog, "access-log", false, "")
	fs.StringVar(&cfg.logFormat, "log-format", cfg.logFormat, "")
	fs.BoolVar(&cfg.pages, "pages", cfg.pages, "")
	fs.StringVar(&cfg.metricsAddr, "metrics-addr", "", "")
	fs.Var(&cfg.corsOrigins, "cors-origin", "")
	fs.DurationVar(&cfg.poll, "poll", 0, "")

	usageErr := func(format string, a ...any) (serveConfig, serveSources, int, bool) {
		fmt.Fprintf(e.stderr, "errcat serve: "+format+"\n", a...)
		fmt.Fprintln(e.stderr, "Run 'errcat serve -h' for usage.")
		return cfg, nil, exitUsage, false
	}
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			serveUsage(e.stdout)
			return cfg, nil, exitOK, false
		}
		// The flag package names flags with one dash; the help, and
		// these errors, with two.
		return usageErr("%s", dashFlagRE.ReplaceAllString(err.Error(), "$1--$2"))
	}
	if fs.NArg() > 0 {
		return usageErr("unexpected argument %q", fs.Arg(0))
	}
	from = serveSources{}
	fs.Visit(func(f *flag.Flag) { from[f.Name] = "--" + f.Name })
	for _, o := range serveOptions {
		if _, given := from[o.name]; given {
			continue
		}
		v := e.getenv(o.envName())
		if v == "" {
			continue
		}
		from[o.name] = o.envName()
		values := []string{v}
		if o.list {
			values = strings.FieldsFunc(v, func(r rune) bool { return r == ',' })
		}
		if o.arg == "" {
			if _, err := strconv.ParseBool(v); err != nil {
				return usageErr("%s=%s: not a boolean (use true or false)", o.envName(), v)
			}
		}
		for _, v := range values {
			if err := fs.Set(o.name, strings.TrimSpace(v)); err != nil {
				return usageErr("%s=%s: %v", o.envName(), v, err)
			}
		}
	}
	if cfg.logFormat != "text" && cfg.logFormat != "json" {
		return usageErr("%s: unknown log format (use text, json)", from.describe("log-format", cfg.logFormat))
	}
	if cfg.dir != "" {
		if msg := folderProblem(cfg.dir); msg != "" {
			return usageErr("%s: %s", from.describe("locales", cfg.dir), msg)
		}
	}
	for i, o := range cfg.corsOrigins {
		origin, err := parseOrigin(o)
		if err != nil {
			return usageErr("%s: %v", from.describe("cors-origin", o), err)
		}
		cfg.corsOrigins[i] = origin
	}
	return cfg, from, exitOK, true
}

// dashFlagRE finds the flag names in the flag package's errors: "flag
// provided but not defined: -port", "invalid value "x" for flag -addr".
var dashFlagRE = regexp.MustCompile(`(: |flag |for )-([a-z])`)

// parseOrigin checks that s is an origin as a browser sends it in the
// Origin header, scheme://host[:port], or "*", and returns it in lower
// case, as browsers send it.
func parseOrigin(s string) (string, error) {
	if s == "*" {
		return s, nil
	}
	if s == "null" {
		return "", errors.New(`the "null" origin is any sandboxed page or file; it cannot be allowed safely`)
	}
	u, err := url.Parse(s)
	if err != nil || u.Scheme == "" || u.Host == "" || u.Opaque != "" {
		return "", errors.New("not an origin: write it as scheme://host[:port], such as https://app.example.com, or * for any")
	}
	if u.User != nil || u.RawQuery != "" || u.Fragment != "" || u.ForceQuery {
		return "", errors.New("an origin has no user, query or fragment: write scheme://host[:port]")
	}
	if u.Path != "" {
		return "", fmt.Errorf("an origin has no path: write %s://%s", u.Scheme, u.Host)
	}
	return strings.ToLower(s), nil
}

func runServe(ctx context.Context, e *env, args []string) int {
	cfg, from, code, ok := parseServe(e, args)
	if !ok {
		return code
	}
	keepHeapFloor(e.getenv)
	var handler slog.Handler = slog.NewTextHandler(e.stderr, nil)
	if cfg.logFormat == "json" {
		handler = slog.NewJSONHandler(e.stderr, nil)
	}
	log := slog.New(handler)

	srvCfg := server.Config{Logger: log, AccessLog: cfg.accessLog, CORSOrigins: cfg.corsOrigins,
		SeparatePrivate: cfg.metricsAddr != ""}
	// The status pages read the catalog the server serves, through srv,
	// which exists once New returns: the closure runs only on requests.
	var srv *server.Server
	if cfg.pages {
		pages := status.New(func() *catalog.Catalog { return srv.Catalog() })
		// The pages say when the folder's watch is lost, as /readyz does.
		pages.Watch = func() string { return srv.WatchState().String() }
		// And when the latest save did not load, as /readyz does.
		pages.Reload = func() status.ReloadState { return status.ReloadState(srv.ReloadState()) }
		srvCfg.Pages = pages
	}
	var (
		cat *catalog.Catalog
		err error
	)
	if cfg.dir == "" {
		cat, err = catalog.Load(locales.FS, "locales")
		srvCfg.MaxAge = embeddedMaxAge
	} else {
		cat, err = catalog.LoadDir(cfg.dir)
	}
	if err != nil {
		reportLoadError(e.stderr, "serve", cmp.Or(cfg.dir, "locales"), err)
		return exitUsage
	}
	srvCfg.Catalog = cat
	srv = server.New(srvCfg)
	srv.LogWarnings(cmp.Or(cfg.dir, "locales"), cat)

	source := "embedded"
	if cfg.dir != "" {
		w, err := srv.WatchWith(cfg.dir, server.WatchOptions{Poll: cfg.poll})
		if err != nil {
			fmt.Fprintf(e.stderr, "errcat serve: watch %s: %v\n", cfg.dir, err)
			return exitProblems
		}
		defer w.Close()
		source = cfg.dir
	}

	listen := func(name, addr string) (net.Listener, bool) {
		ln, err := net.Listen("tcp", addr)
		if err != nil {
			fmt.Fprintf(e.stderr, "errcat serve: %s: %v\n", from.describe(name, addr), err)
			return nil, false
		}
		return ln, true
	}
	ln, ok := listen("addr", cfg.addr)
	if !ok {
		return exitProblems
	}
	var private net.Listener
	if cfg.metricsAddr != "" {
		if private, ok = listen("metrics-addr", cfg.metricsAddr); !ok {
			ln.Close()
			return exitProblems
		}
	}

	attrs := []any{"addr", ln.Addr().String(), "url", "http://" + ln.Addr().String()}
	pages := "public"
	if private != nil {
		attrs = append(attrs, "metrics_addr", private.Addr().String())
		pages = "private"
	}
	if !cfg.pages {
		pages = "off"
	}
	attrs = append(attrs, "locales", source, "version", cat.Version(), "codes", len(cat.Codes()),
		"languages", len(cat.Locales()), "pages", pages)
	if len(cfg.corsOrigins) > 0 {
		attrs = append(attrs, "cors", strings.Join(cfg.corsOrigins, ","))
	}

	stopHUP := reloadOnHangup(ctx, srv, cfg.dir, log)
	defer stopHUP()

	log.Info("listening", attrs...)
	if err := serveAll(ctx, log, srv, ln, private); err != nil {
		log.Error("serving", "error", err)
		return exitProblems
	}
	log.Info("stopped")
	return exitOK
}

// serveAll serves srv on ln and, when private is not nil, srv.Private() on
// private, until ctx is done or either fails; then both shut down with the
// connection drain of server.Serve.
func serveAll(ctx context.Context, log *slog.Logger, srv *server.Server, ln, private net.Listener) error {
	if private == nil {
		return server.Serve(ctx, ln, srv, log)
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	errs := make(chan error, 2)
	go func() { errs <- server.Serve(ctx, ln, srv, log) }()
	go func() { errs <- server.Serve(ctx, private, srv.Private(), log.With("listener", "private")) }()
	var first error
	for range 2 {
		if err := <-errs; err != nil && first == nil {
			first = err
			cancel() // one listener failed: stop the other too
		}
	}
	return first
}

// reloadOnHangup makes SIGHUP reload the catalog from dir, as a process
// manager expects of a service (and as a Kubernetes ConfigMap update,
// which the directory watch may not see, needs), until ctx is done or the
// returned stop is called. Serving the embedded catalog, there is nothing
// to reload: the signal is logged and ignored. Either way SIGHUP no longer
// kills the process, its default action, which would drop the requests in
// flight.
func reloadOnHangup(ctx context.Context, srv *server.Server, dir string, log *slog.Logger) (stop func()) {
	hup := make(chan os.Signal, 1)
	signal.Notify(hup, syscall.SIGHUP)
	done := make(chan struct{})
	finished := make(chan struct{})
	go func() {
		defer close(finished)
		for {
			select {
			case <-ctx.Done():
				return
			case <-done:
				return
			case <-hup:
				if dir == "" {
					log.Info("SIGHUP ignored: the embedded catalog changes only with the binary")
					continue
				}
				log.Info("SIGHUP: reloading the catalog", "dir", dir)
				// Reload logs the outcome, and keeps the catalog in
				// service when the new one does not load.
				srv.Reload(dir)
			}
		}
	}()
	// stop ends the reloading but leaves the channel registered: with
	// signal.Stop, SIGHUP would kill the process again while it drains
	// its connections. A signal then fills the channel's one slot, or is
	// dropped.
	return func() {
		close(done)
		<-finished
	}
}
