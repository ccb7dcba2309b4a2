package exchange

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"
)

// maxPOLine bounds one line of a PO file. Gettext's tools wrap at 79
// columns; a megabyte on one line is not a catalog.
const maxPOLine = 1 << 20

// ReadPO reads a gettext PO file of at most limit bytes (DefaultLimit when
// limit <= 0). Errors are *ParseError values naming the line and the entry.
func ReadPO(r io.Reader, limit int64) (*Document, error) {
	if limit <= 0 {
		limit = DefaultLimit
	}
	p := &poParser{in: bufio.NewReaderSize(&limitReader{r: r, n: limit}, 64<<10)}
	doc, err := p.parse()
	if err != nil {
		return nil, err
	}
	return doc, nil
}

// limitReader returns ErrTooLarge once more than n bytes have been read, so
// that the readers stop at the limit instead of truncating silently.
type limitReader struct {
	r io.Reader
	n int64
}

func (l *limitReader) Read(p []byte) (int, error) {
	if l.n < 0 {
		return 0, ErrTooLarge
	}
	if int64(len(p)) > l.n+1 {
		p = p[:l.n+1]
	}
	n, err := l.r.Read(p)
	l.n -= int64(n)
	if l.n < 0 {
		return n, ErrTooLarge
	}
	return n, err
}

type poParser struct {
	in   *bufio.Reader
	line int
	buf  []byte

	doc    Document
	header bool
	codes  map[string]int // code -> line
	cur    *poEntry
}

// poEntry is one entry as written, before it becomes a Unit.
type poEntry struct {
	line      int // of the first line
	keyLine   int // of msgctxt or msgid
	trans     []string
	extracted []string
	refs      []string
	flags     []string

	prevCtxt, prevID, prevPlural *string
	ctxt, id, plural             *string
	str                          []string
	strIndexed                   bool

	// last is the string continuation lines extend; its pieces are
	// joined once it is complete, so that many lines cost linear time.
	last  *string
	parts []string
}

// flush completes the string continuation lines were extending.
func (e *poEntry) flush() {
	if e != nil && e.last != nil {
		*e.last = strings.Join(e.parts, "")
		e.last, e.parts = nil, nil
	}
}

// extend starts or continues the string at dst.
func (e *poEntry) extend(dst *string, s string) {
	if e.last != dst {
		e.flush()
		e.last = dst
	}
	e.parts = append(e.parts, s)
}

func (p *poParser) errorf(line int, e *poEntry, format string, args ...any) error {
	return &ParseError{Format: "po", Line: line, Entry: e.name(), Err: fmt.Errorf(format, args...)}
}

func (e *poEntry) name() string {
	switch {
	case e == nil:
		return ""
	case e.ctxt != nil:
		return "msgctxt " + strconv.Quote(*e.ctxt)
	case e.id != nil:
		s := *e.id
		if utf8.RuneCountInString(s) > 30 {
			s = string([]rune(s)[:30]) + "…"
		}
		return "msgid " + strconv.Quote(s)
	}
	return ""
}

// readLine returns the next line without its line ending, or io.EOF.
func (p *poParser) readLine() (string, error) {
	p.buf = p.buf[:0]
	for {
		chunk, err := p.in.ReadSlice('\n')
		p.buf = append(p.buf, chunk...)
		if len(p.buf) > maxPOLine {
			return "", &ParseError{Format: "po", Line: p.line + 1, Err: fmt.Errorf("line longer than %d bytes", maxPOLine)}
		}
		if err == bufio.ErrBufferFull {
			continue
		}
		if err == io.EOF && len(p.buf) > 0 {
			err = nil
		}
		if errors.Is(err, ErrTooLarge) {
			return "", &ParseError{Format: "po", Line: p.line + 1, Err: ErrTooLarge}
		}
		if err != nil {
			return "", err
		}
		break
	}
	p.line++
	// Every carriage return before the line feed goes, not just CRLF's,
	// so that no comment line read can end with one: WritePO could not
	// write it back.
	b := bytes.TrimSuffix(p.buf, []byte("\n"))
	b = bytes.TrimRight(b, "\r")
	if p.line == 1 {
		b = bytes.TrimPrefix(b, []byte("\xef\xbb\xbf"))
	}
	if !utf8.Valid(b) {
		return "", &ParseError{Format: "po", Line: p.line, Err: errors.New("not valid UTF-8")}
	}
	return string(b), nil
}

func (p *poParser) parse() (*Document, error) {
	p.codes = map[string]int{}
	for {
		line, err := p.readLine()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, err
		}
		if err := p.parseLine(line); err != nil {
			return nil, err
		}
	}
	if err := p.finish(); err != nil {
		return nil, err
	}
	return &p.doc, nil
}

func (p *poParser) entry() *poEntry {
	if p.cur == nil {
		p.cur = &poEntry{line: p.line}
	}
	return p.cur
}

// startNew finishes the current entry when a new one begins: a comment or
// msgctxt/msgid after a msgstr.
func (p *poParser) startNew() error {
	if p.cur != nil && p.cur.str != nil {
		if err := p.finish(); err != nil {
			return err
		}
	}
	return nil
}

func (p *poParser) parseLine(line string) error {
	trimmed := strings.TrimLeft(line, " \t")
	continuation := strings.HasPrefix(trimmed, `"`) ||
		strings.HasPrefix(trimmed, "#|") && strings.HasPrefix(strings.TrimLeft(trimmed[2:], " \t"), `"`)
	if !continuation {
		p.cur.flush()
	}
	switch {
	case trimmed == "":
		// Blank lines separate entries by convention only; the keywords
		// decide.
		return nil
	case strings.HasPrefix(trimmed, "#~"):
		// An obsolete entry: skip it, and the comments before it are
		// its own.
		if p.cur != nil && p.cur.str == nil && p.cur.id == nil && p.cur.ctxt == nil {
			p.cur = nil
		}
		return nil
	case strings.HasPrefix(trimmed, "#|"):
		if err := p.startNew(); err != nil {
			return err
		}
		return p.parseKeyword(strings.TrimLeft(trimmed[2:], " \t"), true)
	case strings.HasPrefix(trimmed, "#"):
		if err := p.startNew(); err != nil {
			return err
		}
		e := p.entry()
		if e.id != nil || e.ctxt != nil {
			return p.errorf(p.line, e, "comment between the keywords of an entry")
		}
		body := trimmed[1:]
		switch {
		case strings.HasPrefix(body, "."):
			e.extracted = append(e.extracted, strings.TrimPrefix(body[1:], " "))
		case strings.HasPrefix(body, ":"):
			e.refs = append(e.refs, strings.Fields(body[1:])...)
		case strings.HasPrefix(body, ","):
			for f := range strings.SplitSeq(body[1:], ",") {
				if f = strings.TrimSpace(f); f != "" {
					e.flags = append(e.flags, f)
				}
			}
		default:
			e.trans = append(e.trans, strings.TrimPrefix(body, " "))
		}
		return nil
	case strings.HasPrefix(trimmed, `"`):
		e := p.cur
		if e == nil || e.last == nil {
			return p.errorf(p.line, e, "string without a keyword")
		}
		s, err := p.quoted(trimmed, e)
		if err != nil {
			return err
		}
		e.parts = append(e.parts, s)
		return nil
	}
	return p.parseKeyword(trimmed, false)
}

func (p *poParser) parseKeyword(s string, previous bool) error {
	kw, rest, _ := strings.Cut(s, " ")
	if k, r, ok := strings.Cut(s, "\t"); ok && len(k) < len(kw) {
		kw, rest = k, r
	}
	rest = strings.TrimLeft(rest, " \t")
	e := p.cur
	if previous {
		if kw == `"` || strings.HasPrefix(s, `"`) {
			if e == nil || e.last == nil || e.id != nil || e.ctxt != nil {
				return p.errorf(p.line, e, "#| string without a keyword")
			}
			v, err := p.quoted(s, e)
			if err != nil {
				return err
			}
			e.parts = append(e.parts, v)
			return nil
		}
		e = p.entry()
		if e.id != nil || e.ctxt != nil {
			return p.errorf(p.line, e, "#| line between the keywords of an entry")
		}
		var dst **string
		switch kw {
		case "msgctxt":
			dst = &e.prevCtxt
		case "msgid":
			dst = &e.prevID
		case "msgid_plural":
			dst = &e.prevPlural
		default:
			return p.errorf(p.line, e, "#| %s: unknown keyword", kw)
		}
		return p.setString(dst, kw, rest, e)
	}

	switch {
	case kw == "msgctxt" || kw == "msgid":
		if err := p.startNew(); err != nil {
			return err
		}
		e = p.entry()
		if e.id != nil {
			return p.errorf(e.keyLine, e, "msgid without msgstr")
		}
		if e.keyLine == 0 {
			e.keyLine = p.line
		}
		if kw == "msgctxt" {
			return p.setString(&e.ctxt, kw, rest, e)
		}
		return p.setString(&e.id, kw, rest, e)
	case kw == "msgid_plural":
		if e == nil || e.id == nil || e.str != nil {
			return p.errorf(p.line, e, "msgid_plural without msgid")
		}
		return p.setString(&e.plural, kw, rest, e)
	case kw == "msgstr" || strings.HasPrefix(kw, "msgstr["):
		if e == nil || e.id == nil {
			return p.errorf(p.line, e, "%s without msgid", kw)
		}
		indexed := kw != "msgstr"
		if indexed {
			n, err := strconv.Atoi(strings.TrimSuffix(strings.TrimPrefix(kw, "msgstr["), "]"))
			if err != nil || !strings.HasSuffix(kw, "]") || n != len(e.str) {
				return p.errorf(p.line, e, "%s: want msgstr[%d]", kw, len(e.str))
			}
		}
		if e.str != nil && (!indexed || !e.strIndexed) {
			return p.errorf(p.line, e, "a second msgstr")
		}
		e.strIndexed = indexed
		v, err := p.quoted(rest, e)
		if err != nil {
			return err
		}
		e.flush()
		e.str = append(e.str, "")
		e.extend(&e.str[len(e.str)-1], v)
		return nil
	}
	return p.errorf(p.line, e, "unknown keyword %q", kw)
}

func (p *poParser) setString(dst **string, kw, rest string, e *poEntry) error {
	if *dst != nil {
		return p.errorf(p.line, e, "a second %s", kw)
	}
	v, err := p.quoted(rest, e)
	if err != nil {
		return err
	}
	e.flush()
	*dst = new(string)
	e.extend(*dst, v)
	return nil
}

// quoted decodes one C-style quoted string that must fill the rest of the
// line.
func (p *poParser) quoted(s string, e *poEntry) (string, error) {
	if !strings.HasPrefix(s, `"`) {
		return "", p.errorf(p.line, e, "want a quoted string")
	}
	var b []byte
	i := 1
	for {
		if i >= len(s) {
			return "", p.errorf(p.line, e, "unterminated string")
		}
		c := s[i]
		if c == '"' {
			break
		}
		if c != '\\' {
			b = append(b, c)
			i++
			continue
		}
		i++
		if i >= len(s) {
			return "", p.errorf(p.line, e, "unterminated string")
		}
		c = s[i]
		i++
		switch c {
		case 'n':
			b = append(b, '\n')
		case 't':
			b = append(b, '\t')
		case 'r':
			b = append(b, '\r')
		case 'a':
			b = append(b, '\a')
		case 'b':
			b = append(b, '\b')
		case 'f':
			b = append(b, '\f')
		case 'v':
			b = append(b, '\v')
		case '\\', '"', '\'', '?':
			b = append(b, c)
		case '0', '1', '2', '3', '4', '5', '6', '7':
			n := int(c - '0')
			for k := 0; k < 2 && i < len(s) && s[i] >= '0' && s[i] <= '7'; k++ {
				n = n*8 + int(s[i]-'0')
				i++
			}
			if n > 0xff {
				return "", p.errorf(p.line, e, "octal escape beyond a byte")
			}
			b = append(b, byte(n))
		case 'x':
			n, k := 0, 0
			for ; k < 2 && i < len(s) && isHex(s[i]); k++ {
				n = n*16 + hexValue(s[i])
				i++
			}
			if k == 0 {
				return "", p.errorf(p.line, e, `\x without hex digits`)
			}
			b = append(b, byte(n))
		default:
			return "", p.errorf(p.line, e, "unknown escape \\%c", c)
		}
	}
	if rest := strings.TrimSpace(s[i+1:]); rest != "" {
		return "", p.errorf(p.line, e, "text after the closing quote: %q", rest)
	}
	if !utf8.Valid(b) {
		return "", p.errorf(p.line, e, "string is not valid UTF-8")
	}
	return string(b), nil
}

func isHex(c byte) bool {
	return '0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F'
}

func hexValue(c byte) int {
	switch {
	case c <= '9':
		return int(c - '0')
	case c >= 'a':
		return int(c-'a') + 10
	}
	return int(c-'A') + 10
}

// finish turns the current entry into the header or a unit.
func (p *poParser) finish() error {
	e := p.cur
	p.cur = nil
	e.flush()
	if e == nil {
		return nil
	}
	if e.id == nil {
		if e.ctxt != nil || e.prevID != nil {
			return p.errorf(e.line, e, "entry without msgid")
		}
		return nil // comments at the end of the file
	}
	if e.str == nil {
		return p.errorf(e.keyLine, e, "msgid without msgstr")
	}
	if e.plural != nil && !e.strIndexed {
		return p.errorf(e.keyLine, e, "msgid_plural with a plain msgstr; want msgstr[0]")
	}
	if e.plural == nil && e.strIndexed {
		return p.errorf(e.keyLine, e, "msgstr[0] without msgid_plural")
	}
	if e.ctxt == nil && *e.id == "" {
		if p.header {
			return p.errorf(e.keyLine, e, "a second header entry")
		}
		p.header = true
		return p.readHeader(e)
	}
	u, err := p.unit(e)
	if err != nil {
		return err
	}
	if err := p.doc.checkUnit(&u); err != nil {
		return p.errorf(e.keyLine, e, "%w", err)
	}
	if first, ok := p.codes[u.Code]; ok {
		return p.errorf(e.keyLine, e, "code %s is already at line %d", u.Code, first)
	}
	p.codes[u.Code] = e.keyLine
	p.doc.Units = append(p.doc.Units, u)
	return nil
}

func (p *poParser) readHeader(e *poEntry) error {
	if len(p.doc.Units) > 0 {
		return p.errorf(e.keyLine, e, "the header must come before the messages")
	}
	if err := p.doc.applyPOHeader(e.str[0]); err != nil {
		return p.errorf(e.keyLine, e, "header: %w", err)
	}
	return nil
}

// applyPOHeader sets the languages and the plural rule from a PO header, as
// PO files and translate-toolkit's XLIFF carry it.
func (d *Document) applyPOHeader(header string) error {
	fields := map[string]string{}
	for line := range strings.SplitSeq(header, "\n") {
		if k, v, ok := strings.Cut(line, ":"); ok {
			fields[strings.TrimSpace(k)] = strings.TrimSpace(v)
		}
	}
	d.TargetLang = fields["Language"]
	d.SourceLang = fields["X-Source-Language"]
	d.Plural.Header = fields["Plural-Forms"]
	if c := fields[pluralCategoriesField]; c != "" {
		d.Plural.Forms = strings.Fields(c)
	} else {
		d.Plural.Forms = defaultForms(nplurals(d.Plural.Header))
	}
	if err := checkLang("Language", d.TargetLang); err != nil {
		return err
	}
	if err := checkLang("X-Source-Language", d.SourceLang); err != nil {
		return err
	}
	return d.checkPlural()
}

func (p *poParser) unit(e *poEntry) (Unit, error) {
	var u Unit
	switch {
	case e.ctxt != nil && *e.ctxt != "":
		u.Code = *e.ctxt
	case len(e.refs) > 0:
		// A PO that went through po2xliff and xliff2po has lost its
		// msgctxt; the reference WritePO adds still names the code.
		u.Code = e.refs[0]
	default:
		return u, p.errorf(e.keyLine, e, "no msgctxt or #: reference names the error code")
	}
	ext := e.extracted
	if n := len(ext); n > 0 && hashLine(ext[n-1]) != "" {
		u.SourceHash = hashLine(ext[n-1])
		ext = ext[:n-1]
	}
	u.Description = unwrapComment(ext)

	if e.plural == nil {
		u.Source = map[string]string{"other": *e.id}
	} else {
		u.Source = nonEmpty(map[string]string{"one": *e.id, "other": *e.plural})
	}
	if e.plural == nil {
		if e.str[0] != "" {
			u.Target = map[string]string{"other": e.str[0]}
		}
	} else {
		forms := p.doc.Plural.Forms
		switch {
		case p.doc.Plural.Header == "":
			return u, p.errorf(e.keyLine, e, "msgid_plural, but the header has no Plural-Forms")
		case len(forms) == 0:
			return u, p.errorf(e.keyLine, e, "msgid_plural, but the header does not say which CLDR category each msgstr[n] is: Plural-Forms has nplurals=%d and there is no %s",
				nplurals(p.doc.Plural.Header), pluralCategoriesField)
		}
		for i, s := range e.str {
			if s == "" {
				continue
			}
			if i >= len(forms) {
				return u, p.errorf(e.keyLine, e, "msgstr[%d], but the header has %d plural forms", i, len(forms))
			}
			if u.Target == nil {
				u.Target = map[string]string{}
			}
			u.Target[forms[i]] = s
		}
	}
	if !u.translated() {
		return u, nil
	}
	if !slices.Contains(e.flags, "fuzzy") {
		u.State = Translated
		return u, nil
	}
	u.Stale = true
	for _, c := range e.trans {
		if h := prefixedToken(c, previousHashPrefix); h != "" {
			u.PreviousHash = h
		}
	}
	switch {
	case e.prevID == nil:
	case e.prevPlural != nil:
		u.Previous = nonEmpty(map[string]string{"one": *e.prevID, "other": *e.prevPlural})
	default:
		u.Previous = nonEmpty(map[string]string{"other": *e.prevID})
	}
	if u.Previous["other"] == "" {
		u.Previous = nil
	}
	return u, nil
}

// nonEmpty deletes the empty strings of m, which the model treats as absent.
func nonEmpty(m map[string]string) map[string]string {
	for k, v := range m {
		if v == "" {
			delete(m, k)
		}
	}
	return m
}
