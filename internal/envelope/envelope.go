// Package envelope is the one encoder of errcat's error envelope,
//
//	{"message":"…","code":2004,"data":null}
//
// for the library (errcat.WriteError), the service and the status page, so
// that all three write the same bytes for the same error; and of the RFC
// 9457 problem details errcat.WriteError writes when a client asks for
// application/problem+json (AppendProblem).
//
// It writes by hand rather than with encoding/json: the service's message
// endpoint is a hot path whose body is a string and an integer, and
// reflection would cost more than everything else the handler does. The
// output is byte for byte what json.NewEncoder(w).Encode gives for the
// envelope struct, trailing newline included; the tests hold it to that.
package envelope

import (
	"strconv"
	"unicode/utf8"
)

// Append appends the envelope {"message","code","data"} and a newline, in
// that order. data is the "data" member's JSON, or nil for null; it must be
// valid JSON (encoding/json's Marshal output, for instance), written as it
// is.
func Append(b []byte, message string, code int, data []byte) []byte {
	b = append(b, `{"message":`...)
	b = AppendString(b, message)
	b = append(b, `,"code":`...)
	b = strconv.AppendInt(b, int64(code), 10)
	if data == nil {
		return append(b, ",\"data\":null}\n"...)
	}
	b = append(b, `,"data":`...)
	b = append(b, data...)
	return append(b, "}\n"...)
}

// AppendString appends s as a JSON string, escaped as encoding/json
// escapes it by default: quotes, backslashes and control characters, the
// HTML-sensitive <, > and &, U+2028 and U+2029, and each byte of invalid
// UTF-8 as U+FFFD.
func AppendString(b []byte, s string) []byte {
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

// A Problem is an RFC 9457 problem details object with errcat's extension
// members: the code, and the data when there is some.
type Problem struct {
	Type   string // a URI reference
	Title  string
	Status int
	Detail string
	Code   int
	Data   []byte // the "data" member's JSON; nil leaves the member out
}

// AppendProblem appends p as application/problem+json and a newline:
//
//	{"type":"…","title":"…","status":404,"detail":"…","code":2004}
//
// The members are in that order, then "data" when p has some; strings are
// escaped as AppendString escapes them.
func AppendProblem(b []byte, p Problem) []byte {
	b = append(b, `{"type":`...)
	b = AppendString(b, p.Type)
	b = append(b, `,"title":`...)
	b = AppendString(b, p.Title)
	b = append(b, `,"status":`...)
	b = strconv.AppendInt(b, int64(p.Status), 10)
	b = append(b, `,"detail":`...)
	b = AppendString(b, p.Detail)
	b = append(b, `,"code":`...)
	b = strconv.AppendInt(b, int64(p.Code), 10)
	if p.Data != nil {
		b = append(b, `,"data":`...)
		b = append(b, p.Data...)
	}
	return append(b, "}\n"...)
}
