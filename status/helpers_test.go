package status_test

import (
	"encoding/json"
	"errors"
	"html"
	"io"
	"io/fs"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/errcat/errcat/catalog"
	"github.com/errcat/errcat/server"
	"github.com/errcat/errcat/status"
)

// testdata/locales has one of each problem: ja has a stale, a missing, a
// flagged (placeholder-missing) and an obsolete message; de two warnings;
// zh-Hant four missing codes.
const fixture = "testdata/locales"

var binDir string

func TestMain(m *testing.M) {
	code := m.Run()
	if binDir != "" {
		os.RemoveAll(binDir)
	}
	os.Exit(code)
}

// errcatBinary builds cmd/errcat once for the test process: the figures on
// the page are checked against what the real command prints.
var errcatBinary = sync.OnceValues(func() (string, error) {
	dir, err := os.MkdirTemp("", "errcat-status-test-")
	if err != nil {
		return "", err
	}
	binDir = dir
	// go test puts its own GOROOT/bin first on the PATH.
	goTool, err := exec.LookPath("go")
	if err != nil {
		return "", err
	}
	bin := filepath.Join(dir, "errcat")
	out, err := exec.Command(goTool, "build", "-o", bin, "github.com/errcat/errcat/cmd/errcat").CombinedOutput()
	if err != nil {
		return "", errors.New("go build ./cmd/errcat: " + err.Error() + "\n" + string(out))
	}
	return bin, nil
})

// runErrcat runs the real errcat command and returns its standard output.
// Exit status 1 means "problems found", which the catalogs here have.
func runErrcat(t *testing.T, args ...string) []byte {
	t.Helper()
	bin, err := errcatBinary()
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(bin, args...)
	var stderr strings.Builder
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	var exit *exec.ExitError
	if err != nil && !(errors.As(err, &exit) && exit.ExitCode() == 1) {
		t.Fatalf("errcat %s: %v\n%s", strings.Join(args, " "), err, stderr.String())
	}
	return out
}

// statsRow is one locale of `errcat stats --format json`.
type statsRow struct {
	Locale     string  `json:"locale"`
	Translated int     `json:"translated"`
	Missing    int     `json:"missing"`
	Stale      int     `json:"stale"`
	Obsolete   int     `json:"obsolete"`
	Percent    float64 `json:"percent"`
}

type statsOutput struct {
	Source  string     `json:"source"`
	Total   int        `json:"total"`
	Locales []statsRow `json:"locales"`
}

func stats(t *testing.T, dir string) statsOutput {
	t.Helper()
	var out statsOutput
	if err := json.Unmarshal(runErrcat(t, "stats", "--locales", dir, "--format", "json"), &out); err != nil {
		t.Fatalf("errcat stats --format json: %v", err)
	}
	return out
}

// lintFindings counts `errcat lint --format json`'s findings by file.
func lintFindings(t *testing.T, dir string) map[string]int {
	t.Helper()
	var out struct {
		Diagnostics []struct {
			File string `json:"file"`
		} `json:"diagnostics"`
	}
	if err := json.Unmarshal(runErrcat(t, "lint", "--locales", dir, "--format", "json"), &out); err != nil {
		t.Fatalf("errcat lint --format json: %v", err)
	}
	n := map[string]int{}
	for _, d := range out.Diagnostics {
		n[d.File]++
	}
	return n
}

// startServer serves the catalog in dir with the API's server, as errcat
// serve does.
func startServer(t *testing.T, dir string) (*server.Server, *httptest.Server) {
	t.Helper()
	c, err := catalog.LoadDir(dir)
	if err != nil {
		t.Fatalf("load %s: %v", dir, err)
	}
	srv := newServer(c)
	ts := httptest.NewServer(srv)
	t.Cleanup(ts.Close)
	return srv, ts
}

type response struct {
	status int
	header http.Header
	body   string
}

func get(t *testing.T, url string) response {
	t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return response{resp.StatusCode, resp.Header, string(body)}
}

// copyDir copies the bundles of src into a new temporary folder.
func copyDir(t *testing.T, src fs.FS) string {
	t.Helper()
	dir := t.TempDir()
	if err := os.CopyFS(dir, src); err != nil {
		t.Fatal(err)
	}
	return dir
}

// The page's markup, as the tests read it. The overview marks each figure
// with a class; the grid's rows start with the code's link.
var (
	localeRowRE = regexp.MustCompile(`(?s)<tr data-locale="([^"]+)"[^>]*>(.*?)</tr>`)
	figureRE    = regexp.MustCompile(`<span class="n-([a-z]+)">([0-9.]+)</span>`)
	gridRE      = regexp.MustCompile(`(?s)<table id="grid".*?</table>`)
	gridRowRE   = regexp.MustCompile(`<th scope="row" class="code-col"><a href="codes/([0-9]+)">`)
	gridColRE   = regexp.MustCompile(`<th scope="col" class="(?:loc|tr)-col" data-locale="([^"]+)"`)
	envelopeRE  = regexp.MustCompile(`(?s)<article class="card [a-z]+" id="l-([^"]+)" data-locale="[^"]+" data-state="([a-z]+)".*?Content-Language: ([^<]+)</code>.*?<pre class="json"[^>]*><code>(.*?)</code></pre>`)
)

// figures reads the overview's locale rows: the stats figures and the lint
// findings, by locale, in page order.
func figures(t *testing.T, page string) ([]string, map[string]map[string]float64) {
	t.Helper()
	var order []string
	rows := map[string]map[string]float64{}
	for _, m := range localeRowRE.FindAllStringSubmatch(page, -1) {
		f := map[string]float64{}
		for _, n := range figureRE.FindAllStringSubmatch(m[2], -1) {
			v, err := strconv.ParseFloat(n[2], 64)
			if err != nil {
				t.Fatalf("locale %s: %s is %q", m[1], n[1], n[2])
			}
			f[n[1]] = v
		}
		order = append(order, m[1])
		rows[m[1]] = f
	}
	if len(order) == 0 {
		t.Fatalf("no locale rows in the page:\n%s", page)
	}
	return order, rows
}

// grid returns the codes of the grid's rows, and the heads of its locale
// columns; nil when the page has no grid.
func grid(page string) (codes []string, columns []string) {
	g := gridRE.FindString(page)
	for _, m := range gridRowRE.FindAllStringSubmatch(g, -1) {
		codes = append(codes, m[1])
	}
	for _, m := range gridColRE.FindAllStringSubmatch(g, -1) {
		columns = append(columns, html.UnescapeString(m[1]))
	}
	return codes, columns
}

// compareStats checks the page's figures against errcat stats' JSON.
func compareStats(t *testing.T, page string, want statsOutput) {
	t.Helper()
	order, rows := figures(t, page)
	var wantOrder []string
	for _, w := range want.Locales {
		wantOrder = append(wantOrder, w.Locale)
		got, ok := rows[w.Locale]
		if !ok {
			t.Errorf("locale %s: not on the page", w.Locale)
			continue
		}
		for name, v := range map[string]float64{
			"translated": float64(w.Translated), "missing": float64(w.Missing), "stale": float64(w.Stale),
			"obsolete": float64(w.Obsolete), "percent": w.Percent,
		} {
			if got[name] != v {
				t.Errorf("locale %s: %s is %v on the page, %v in errcat stats", w.Locale, name, got[name], v)
			}
		}
	}
	if !slices.Equal(order, wantOrder) {
		t.Errorf("locales on the page %v, errcat stats %v", order, wantOrder)
	}
}

// newServer returns errcat's API server for c (nil for none yet) with the
// status pages mounted, as errcat serve wires them.
func newServer(c *catalog.Catalog) *server.Server {
	var srv *server.Server
	pages := status.New(func() *catalog.Catalog { return srv.Catalog() })
	pages.Watch = func() string { return srv.WatchState().String() }
	pages.Reload = func() status.ReloadState { return status.ReloadState(srv.ReloadState()) }
	srv = server.New(server.Config{Catalog: c, Pages: pages})
	return srv
}
