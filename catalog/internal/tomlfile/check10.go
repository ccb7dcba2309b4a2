package tomlfile

import (
	"strconv"
	"strings"
)

// Bundles are TOML 1.0 (https://toml.io/en/v1.0.0), the version go-i18n's
// files and tools are written in. BurntSushi/toml v1.6.0 reads TOML 1.1 and
// has no switch for 1.0, so the locator, which lexes every file the full
// decoder has read, checks what 1.1 added:
//
//   - newlines and a trailing comma in an inline table,
//   - the escapes \e and \xHH in basic strings and quoted keys,
//   - times without seconds (07:32, 1979-05-27T07:32Z),
//
// and what the decoder lets through although 1.0 (and 1.1) forbid it: an
// offset beyond 23:59 (+12:60), and tables defined twice through dotted keys
// or extended after they are complete. Those rules need the shape of the
// document, so the locator keeps a tree of what each key and header has
// defined. TestTOML10Conformance runs toml-test's 1.0 cases through Parse.

// tkind is how a key of the document came to be, which decides what may
// still be added to it.
type tkind uint8

const (
	tImplicit tkind = iota // a table a [header] named on its way: [a.b] makes a
	tHeader                // a table a [header] defined, or an element of [[array]]
	tDotted                // a table dotted keys made: a.b = 1 makes a
	tInline                // an inline table, complete where it is written
	tArray                 // an array value, complete where it is written
	tAOT                   // an array of tables, which each [[header]] extends
	tValue                 // any other value
)

func (k tkind) String() string {
	switch k {
	case tInline:
		return "an inline table"
	case tArray:
		return "an array"
	case tAOT:
		return "an array of tables"
	case tValue:
		return "a value"
	}
	return "a table"
}

// A tnode is a key of the document.
type tnode struct {
	kind tkind
	kids map[string]*tnode
	last *tnode // of an array of tables: its last element
}

func (n *tnode) add(key string, kind tkind) *tnode {
	if n.kids == nil {
		n.kids = map[string]*tnode{}
	}
	kid := &tnode{kind: kind}
	n.kids[key] = kid
	return kid
}

// set records what a value turned out to be. n is nil after a breach.
func (n *tnode) set(kind tkind) {
	if n != nil {
		n.kind = kind
	}
}

// header records a [table] or [[array]] header and makes its table the one
// the keys that follow go in.
func (l *locator) header(parts []string, array bool, at Pos) {
	// After a breach the keys go in a table of their own, so that the
	// lexer goes on; only the first breach is reported.
	l.cur = &tnode{kind: tHeader}
	name := strings.Join(parts, ".")
	t := l.root
	for i, k := range parts {
		n := t.kids[k]
		if i < len(parts)-1 {
			switch {
			case n == nil:
				n = t.add(k, tImplicit)
			case n.kind == tAOT:
				n = n.last
			case n.kind > tDotted:
				l.breach(at, "[%s] adds to %q, which is %s and complete where it is written", name, k, n.kind)
				return
			}
			t = n
			continue
		}
		switch {
		case array && n == nil:
			n = t.add(k, tAOT)
		case array && n.kind == tAOT:
		case array:
			l.breach(at, "[[%s]] redefines %q, which is %s", name, k, n.kind)
			return
		case n == nil:
			n = t.add(k, tHeader)
		case n.kind == tImplicit:
			n.kind = tHeader
		case n.kind == tHeader:
			l.breach(at, "table [%s] is defined twice", name)
			return
		case n.kind == tDotted:
			l.breach(at, "table [%s] is already defined by dotted keys", name)
			return
		default:
			l.breach(at, "[%s] redefines %q, which is %s", name, k, n.kind)
			return
		}
		if array {
			n.last = &tnode{kind: tHeader}
			n = n.last
		}
		l.cur = n
	}
}

// define records a key = value in table t and returns the value's node, or
// nil after a breach.
func (l *locator) define(t *tnode, parts []string, at Pos) *tnode {
	if t == nil || len(parts) == 0 {
		return nil
	}
	name := strings.Join(parts, ".")
	for _, k := range parts[:len(parts)-1] {
		n := t.kids[k]
		switch {
		case n == nil:
			n = t.add(k, tDotted)
		case n.kind == tDotted:
		case n.kind == tImplicit:
			// A table a header only named on its way ([a.b.c] names a.b)
			// is not defined yet; dotted keys may define it, and then a
			// header may not (as tomli and toml-test read TOML 1.0).
			n.kind = tDotted
		case n.kind == tHeader:
			// TOML 1.0: "using dotted keys to redefine tables already
			// defined in [table] form is not allowed".
			l.breach(at, "dotted key %s adds to table %q, which a [table] header defines", name, k)
			return nil
		default:
			l.breach(at, "dotted key %s adds to %q, which is %s and complete where it is written", name, k, n.kind)
			return nil
		}
		t = n
	}
	k := parts[len(parts)-1]
	if t.kids[k] != nil {
		l.breach(at, "key %s is defined twice", name)
		return nil
	}
	return t.add(k, tValue)
}

// escape checks the escape at l.i, a backslash in a basic string.
func (l *locator) escape() {
	if l.i+1 < len(l.src) {
		switch l.src[l.i+1] {
		case 'e':
			l.breach(l.pos(), `the escape \e is TOML 1.1; bundles are TOML 1.0: write \u001B`)
		case 'x':
			l.breach(l.pos(), `the escape \x is TOML 1.1; bundles are TOML 1.0: write \u00HH for \xHH`)
		}
	}
}

// escapes checks the escapes of the one-line basic string that starts at
// offset i (after its opening quote): a quoted key, which the key reader
// takes whole.
func (l *locator) escapes(i int) {
	for ; i < len(l.src) && l.src[i] != '"' && l.src[i] != '\n'; i++ {
		if l.src[i] == '\\' {
			save := l.i
			l.i = i
			l.escape()
			l.i = save
			i++
		}
	}
}

// checkBare checks a bare value at: a time in it must have seconds, and
// its offset must be a real one.
func (l *locator) checkBare(v string, at Pos) {
	i := strings.IndexByte(v, ':')
	if i < 2 {
		return
	}
	if len(v) < i+6 || v[i+3] != ':' {
		l.breach(at, "a time without seconds (%s) is TOML 1.1; bundles are TOML 1.0: write hh:mm:ss", v)
		return
	}
	j := i + 6
	if j < len(v) && v[j] == '.' {
		for j++; j < len(v) && isDigit(v[j]); j++ {
		}
	}
	if j < len(v) && (v[j] == '+' || v[j] == '-') {
		off := v[j+1:]
		if len(off) != 5 || off[2] != ':' {
			return // the decoder has read it; a malformed offset it would have refused
		}
		h, err1 := strconv.Atoi(off[:2])
		m, err2 := strconv.Atoi(off[3:])
		if err1 != nil || err2 != nil || h > 23 || m > 59 {
			l.breach(at, "the time offset %s in %s is out of range (at most 23:59)", v[j:], v)
		}
	}
}

func isDigit(c byte) bool { return '0' <= c && c <= '9' }

// isDate reports whether v is a full date, 1979-05-27.
func isDate(v string) bool {
	if len(v) != 10 || v[4] != '-' || v[7] != '-' {
		return false
	}
	for i := range len(v) {
		if i != 4 && i != 7 && !isDigit(v[i]) {
			return false
		}
	}
	return true
}
