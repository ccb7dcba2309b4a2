package plural_test

import (
	"bytes"
	"fmt"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"golang.org/x/text/language"

	"github.com/errcat/errcat/catalog/internal/plural"
)

// TestGettextExamples pins a few headers a translator will recognize.
func TestGettextExamples(t *testing.T) {
	tests := []struct {
		tag   string
		n     int
		expr  string
		forms string
	}{
		{"ja", 1, "0", "[other]"},
		{"en", 2, "(n == 1) ? 0 : 1", "[one other]"},
		{"fr", 3, "(n == 0 || n == 1) ? 0 : (n != 0 && n % 1000000 == 0) ? 1 : 2", "[one many other]"},
		{"ru", 3, "(n % 10 == 1 && n % 100 != 11) ? 0 : (n % 10 >= 2 && n % 10 <= 4 && (n % 100 < 12 || n % 100 > 14)) ? 1 : 2", "[one few many]"},
		{"cs", 3, "(n == 1) ? 0 : (n >= 2 && n <= 4) ? 1 : 2", "[one few other]"},
		{"ar", 6, "(n == 0) ? 0 : (n == 1) ? 1 : (n == 2) ? 2 : (n % 100 >= 3 && n % 100 <= 10) ? 3 : (n % 100 >= 11 && n % 100 <= 99) ? 4 : 5", "[zero one two few many other]"},
	}
	for _, tc := range tests {
		n, expr, forms := plural.GettextHeader(language.MustParse(tc.tag))
		if n != tc.n || expr != tc.expr || fmt.Sprint(forms) != tc.forms {
			t.Errorf("GettextHeader(%s) = %d, %q, %v\nwant %d, %q, %s", tc.tag, n, expr, forms, tc.n, tc.expr, tc.forms)
		}
	}
}

// gettextNumbers are the n each Plural-Forms expression is evaluated for.
func gettextNumbers() []uint64 {
	var ns []uint64
	for n := uint64(0); n <= 2000; n++ {
		ns = append(ns, n)
	}
	for _, base := range []uint64{1e4, 1e5, 1e6, 2e6, 1e7, 2e7, 1e8, 1e9, 1e12, 1e15, 1e18, 1e19} {
		for _, d := range []uint64{0, 1, 2, 3, 11, 21, 100, 1000, 20000, 100000} {
			ns = append(ns, base+d, base-d)
		}
	}
	return append(ns, math.MaxUint64, math.MaxUint64-1, math.MaxInt64, 1<<63)
}

// TestGettextMatchesCardinal evaluates each locale's Plural-Forms expression,
// as C would, for n from 0 to 2000 and around large powers of ten, and
// checks that it picks the msgstr index of the category Cardinal gives n.
func TestGettextMatchesCardinal(t *testing.T) {
	d := loadData(t)
	ns := gettextNumbers()
	for _, loc := range slices.Sorted(keys(d.Cardinal)) {
		tag := language.Raw.MustParse(loc)
		nplurals, expr, forms := plural.GettextHeader(tag)
		if len(forms) != nplurals {
			t.Fatalf("%s: nplurals %d but %d forms", loc, nplurals, len(forms))
		}
		e, err := parseC(expr)
		if err != nil {
			t.Fatalf("%s: %q: %v", loc, expr, err)
		}
		used := make([]bool, nplurals)
		for _, n := range ns {
			got := e(n)
			ops, _ := plural.NewOperands(n)
			want := slices.Index(forms, plural.Cardinal(tag, ops))
			if want < 0 {
				t.Fatalf("%s: %d is %v, which has no msgstr index in %v", loc, n, plural.Cardinal(tag, ops), forms)
			}
			if got != uint64(want) {
				t.Fatalf("%s: plural=%s gives %d for n=%d, want %d (%v)", loc, expr, got, n, want, forms[want])
			}
			used[got] = true
		}
		// Every index the header declares is one some integer selects.
		for i, u := range used {
			if !u {
				t.Errorf("%s: msgstr[%d] (%v) is never selected", loc, i, forms[i])
			}
		}
		// The forms are the locale's categories less decimal-only ones, in
		// CLDR order.
		all := plural.CardinalForms(tag)
		var sub []plural.Form
		for _, f := range all {
			if slices.Contains(forms, f) {
				sub = append(sub, f)
			}
		}
		if !slices.Equal(sub, forms) {
			t.Errorf("%s: gettext forms %v are not %v in CLDR order", loc, forms, all)
		}
	}
}

// TestMsgfmtAcceptsHeaders runs GNU msgfmt --check on a PO file for each
// distinct Plural-Forms header, with one plural message carrying every
// msgstr index. msgfmt evaluates the expression itself and rejects one that
// can yield an index past nplurals.
func TestMsgfmtAcceptsHeaders(t *testing.T) {
	msgfmt, err := exec.LookPath("msgfmt")
	if err != nil {
		t.Skip("msgfmt not on PATH (apt-get install gettext): Plural-Forms headers not checked by GNU gettext")
	}
	d := loadData(t)
	byHeader := map[string][]string{}
	for _, loc := range slices.Sorted(keys(d.Cardinal)) {
		n, expr, _ := plural.GettextHeader(language.Raw.MustParse(loc))
		h := fmt.Sprintf("nplurals=%d; plural=%s;", n, expr)
		byHeader[h] = append(byHeader[h], loc)
	}
	dir := t.TempDir()
	for _, h := range slices.Sorted(keys(byHeader)) {
		locs := byHeader[h]
		loc := locs[0]
		n, _, _ := plural.GettextHeader(language.Raw.MustParse(loc))
		var po bytes.Buffer
		fmt.Fprintf(&po, `msgid ""
msgstr ""
"Project-Id-Version: errcat plural test\n"
"PO-Revision-Date: 2026-01-01 00:00+0000\n"
"Last-Translator: errcat <errcat@example.com>\n"
"Language-Team: none\n"
"Language: %s\n"
"MIME-Version: 1.0\n"
"Content-Type: text/plain; charset=UTF-8\n"
"Content-Transfer-Encoding: 8bit\n"
"Plural-Forms: %s\n"

msgid "%%d file"
msgid_plural "%%d files"
`, strings.ReplaceAll(loc, "-", "_"), h)
		for i := range n {
			fmt.Fprintf(&po, "msgstr[%d] \"%%d form %d\"\n", i, i)
		}
		name := filepath.Join(dir, loc+".po")
		if err := os.WriteFile(name, po.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
		cmd := exec.Command(msgfmt, "--check", "--statistics", "-o", os.DevNull, name)
		out, err := cmd.CombinedOutput()
		if err != nil || !bytes.Contains(out, []byte("1 translated message")) || bytes.Contains(out, []byte("warning")) {
			t.Errorf("msgfmt --check for %s (%s): %v\n%s\n%s", strings.Join(locs, " "), h, err, out, po.Bytes())
		}
	}
	t.Logf("msgfmt accepted %d distinct headers for %d locales", len(byHeader), len(d.Cardinal))
}

// parseC compiles the C subset gettext's plural expressions use (n,
// decimal constants, ! % < <= > >= == != && || ?: and parentheses) into a
// function of n with C's unsigned long arithmetic.
func parseC(src string) (func(n uint64) uint64, error) {
	p := &cParser{src: src}
	e, err := p.ternary()
	if err != nil {
		return nil, err
	}
	p.space()
	if p.pos != len(p.src) {
		return nil, fmt.Errorf("offset %d: unexpected %q", p.pos, p.src[p.pos:])
	}
	return e, nil
}

type cParser struct {
	src string
	pos int
}

func (p *cParser) space() {
	for p.pos < len(p.src) && p.src[p.pos] == ' ' {
		p.pos++
	}
}

func (p *cParser) eat(tok string) bool {
	p.space()
	if strings.HasPrefix(p.src[p.pos:], tok) {
		// "<" must not eat the first byte of "<=", nor "!" of "!=".
		if (tok == "<" || tok == ">" || tok == "!") && strings.HasPrefix(p.src[p.pos+1:], "=") {
			return false
		}
		p.pos += len(tok)
		return true
	}
	return false
}

func b2u(b bool) uint64 {
	if b {
		return 1
	}
	return 0
}

func (p *cParser) ternary() (func(uint64) uint64, error) {
	c, err := p.binary(0)
	if err != nil || !p.eat("?") {
		return c, err
	}
	a, err := p.ternary()
	if err != nil {
		return nil, err
	}
	if !p.eat(":") {
		return nil, fmt.Errorf("offset %d: expected ':'", p.pos)
	}
	b, err := p.ternary()
	if err != nil {
		return nil, err
	}
	return func(n uint64) uint64 {
		if c(n) != 0 {
			return a(n)
		}
		return b(n)
	}, nil
}

// cLevels are C's binary operators from loosest to tightest.
var cLevels = [][]string{{"||"}, {"&&"}, {"==", "!="}, {"<=", ">=", "<", ">"}, {"%"}}

func (p *cParser) binary(level int) (func(uint64) uint64, error) {
	if level == len(cLevels) {
		return p.unary()
	}
	x, err := p.binary(level + 1)
	if err != nil {
		return nil, err
	}
	for {
		var op string
		for _, o := range cLevels[level] {
			if p.eat(o) {
				op = o
				break
			}
		}
		if op == "" {
			return x, nil
		}
		y, err := p.binary(level + 1)
		if err != nil {
			return nil, err
		}
		l := x
		switch op {
		case "||":
			x = func(n uint64) uint64 { return b2u(l(n) != 0 || y(n) != 0) }
		case "&&":
			x = func(n uint64) uint64 { return b2u(l(n) != 0 && y(n) != 0) }
		case "==":
			x = func(n uint64) uint64 { return b2u(l(n) == y(n)) }
		case "!=":
			x = func(n uint64) uint64 { return b2u(l(n) != y(n)) }
		case "<=":
			x = func(n uint64) uint64 { return b2u(l(n) <= y(n)) }
		case ">=":
			x = func(n uint64) uint64 { return b2u(l(n) >= y(n)) }
		case "<":
			x = func(n uint64) uint64 { return b2u(l(n) < y(n)) }
		case ">":
			x = func(n uint64) uint64 { return b2u(l(n) > y(n)) }
		case "%":
			x = func(n uint64) uint64 { return l(n) % y(n) }
		}
	}
}

func (p *cParser) unary() (func(uint64) uint64, error) {
	if p.eat("!") {
		x, err := p.unary()
		if err != nil {
			return nil, err
		}
		return func(n uint64) uint64 { return b2u(x(n) == 0) }, nil
	}
	if p.eat("(") {
		x, err := p.ternary()
		if err != nil {
			return nil, err
		}
		if !p.eat(")") {
			return nil, fmt.Errorf("offset %d: expected ')'", p.pos)
		}
		return x, nil
	}
	if p.eat("n") {
		return func(n uint64) uint64 { return n }, nil
	}
	p.space()
	start := p.pos
	for p.pos < len(p.src) && '0' <= p.src[p.pos] && p.src[p.pos] <= '9' {
		p.pos++
	}
	if start == p.pos {
		return nil, fmt.Errorf("offset %d: expected an operand", p.pos)
	}
	v, err := strconv.ParseUint(p.src[start:p.pos], 10, 64)
	if err != nil {
		return nil, err
	}
	return func(uint64) uint64 { return v }, nil
}
