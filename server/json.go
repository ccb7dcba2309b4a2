package server

import (
	"strconv"
	"sync"
	"unicode/utf8"

	"github.com/errcat/errcat/catalog"
)

// The bodies are written by hand rather than with encoding/json: the message
// endpoint is the hot path, and its envelope is a string and an integer, so
// reflection would cost more than everything else the handler does. The
// output is byte for byte what json.NewEncoder(w).Encode gives for
// errcat.Envelope, trailing newline included; the tests hold it to that.

// appendEnvelope appends the envelope {"message","code","data"} with null
// data, errcat.Envelope's field order.
func appendEnvelope(b []byte, message string, code int) []byte {
	b = append(b, `{"message":`...)
	b = appendJSONString(b, message)
	b = append(b, `,"code":`...)
	b = strconv.AppendInt(b, int64(code), 10)
	b = append(b, ",\"data\":null}\n"...)
	return b
}

// appendJSONString appends s as a JSON string, escaped as encoding/json
// escapes it by default: quotes, backslashes and control characters, the
// HTML-sensitive <, > and &, U+2028 and U+2029, and each byte of invalid
// UTF-8 as U+FFFD.
func appendJSONString(b []byte, s string) []byte {
	const hex = "0123456789abcdef"
	b = append(b, '"')
	start := 0
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if c >= 0x20 && c != '"' && c != '\\' && c != '<' && c != '>' && c != '&' {
				i++
				continue
			}
			b = append(b, s[start:i]...)
			switch c {
			case '"', '\\':
				b = append(b, '\\', c)
			case '\b':
				b = append(b, '\\', 'b')
			case '\f':
				b = append(b, '\\', 'f')
			case '\n':
				b = append(b, '\\', 'n')
			case '\r':
				b = append(b, '\\', 'r')
			case '\t':
				b = append(b, '\\', 't')
			default:
				b = append(b, '\\', 'u', '0', '0', hex[c>>4], hex[c&0xF])
			}
			i++
			start = i
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && size == 1:
			b = append(b, s[start:i]...)
			b = append(b, `\ufffd`...)
		case r == '\u2028' || r == '\u2029':
			b = append(b, s[start:i]...)
			b = append(b, '\\', 'u', '2', '0', '2', hex[r&0xF])
		default:
			i += size
			continue
		}
		i += size
		start = i
	}
	b = append(b, s[start:]...)
	return append(b, '"')
}

// appendLocales appends the body of GET /v1/locales: each locale with its
// name in its own language and its coverage. Translated counts stale
// translations too, since they are served; stale says how many of them a
// translator has yet to update.
//
//	{"version":"…","source":"en","locales":[{"tag":"en","name":"English","translated":99,"missing":0,"stale":0,"total":99},…]}
func appendLocales(b []byte, c *catalog.Catalog) []byte {
	b = append(b, `{"version":`...)
	b = appendJSONString(b, c.Version())
	b = append(b, `,"source":`...)
	b = appendJSONString(b, c.Source().ID)
	b = append(b, `,"locales":[`...)
	for l, loc := range c.Locales() {
		cov := c.Coverage(l)
		if l > 0 {
			b = append(b, ',')
		}
		b = append(b, `{"tag":`...)
		b = appendJSONString(b, loc.ID)
		b = append(b, `,"name":`...)
		b = appendJSONString(b, loc.Name)
		b = append(b, `,"translated":`...)
		b = strconv.AppendInt(b, int64(cov.Translated), 10)
		b = append(b, `,"missing":`...)
		b = strconv.AppendInt(b, int64(len(cov.Missing)), 10)
		b = append(b, `,"stale":`...)
		b = strconv.AppendInt(b, int64(len(cov.Stale)), 10)
		b = append(b, `,"total":`...)
		b = strconv.AppendInt(b, int64(cov.Total), 10)
		b = append(b, '}')
	}
	return append(b, "]}\n"...)
}

// appendReady appends the body of a ready GET /readyz.
func appendReady(b []byte, c *catalog.Catalog) []byte {
	b = append(b, `{"status":"ready","version":`...)
	b = appendJSONString(b, c.Version())
	b = append(b, `,"codes":`...)
	b = strconv.AppendInt(b, int64(len(c.Codes())), 10)
	b = append(b, `,"locales":`...)
	b = strconv.AppendInt(b, int64(len(c.Locales())), 10)
	return append(b, "}\n"...)
}

// bufPool recycles response buffers. Buffers that grew large (a big list)
// are dropped rather than kept, so that one large response does not pin
// memory for the rest of the process's life.
var bufPool = sync.Pool{New: func() any { b := make([]byte, 0, 512); return &b }}

const maxPooledBuf = 64 << 10

func getBuf() *[]byte { return bufPool.Get().(*[]byte) }

func putBuf(b *[]byte) {
	if cap(*b) > maxPooledBuf {
		return
	}
	*b = (*b)[:0]
	bufPool.Put(b)
}
