package server

import (
	"encoding/json"
	"strconv"
	"sync"
	"time"

	"github.com/errcat/errcat/catalog"
	"github.com/errcat/errcat/internal/envelope"
)

// The bodies are written by hand rather than with encoding/json, with
// package envelope's string encoder: see its doc for why.

// appendLocales appends the body of GET /v1/locales: each locale with its
// name in its own language and its coverage. Translated counts stale
// translations too, since they are served; stale says how many of them a
// translator has yet to update.
//
//	{"version":"…","source":"en","locales":[{"tag":"en","name":"English","translated":99,"missing":0,"stale":0,"total":99},…]}
func appendLocales(b []byte, c *catalog.Catalog) []byte {
	b = append(b, `{"version":`...)
	b = envelope.AppendString(b, c.Version())
	b = append(b, `,"source":`...)
	b = envelope.AppendString(b, c.Source().ID)
	b = append(b, `,"locales":[`...)
	total := len(c.Codes())
	for l, loc := range c.Locales() {
		if l > 0 {
			b = append(b, ',')
		}
		b = append(b, `{"tag":`...)
		b = envelope.AppendString(b, loc.ID)
		b = append(b, `,"name":`...)
		b = envelope.AppendString(b, loc.Name)
		b = append(b, `,"translated":`...)
		b = strconv.AppendInt(b, int64(loc.Translated), 10)
		b = append(b, `,"missing":`...)
		b = strconv.AppendInt(b, int64(loc.Missing(total)), 10)
		b = append(b, `,"stale":`...)
		b = strconv.AppendInt(b, int64(loc.Stale), 10)
		b = append(b, `,"total":`...)
		b = strconv.AppendInt(b, int64(total), 10)
		b = append(b, '}')
	}
	return append(b, "]}\n"...)
}

// appendReady appends the body of a ready GET /readyz, without its closing
// brace: the watch's and the reloads' states, which change on their own,
// follow.
func appendReady(b []byte, c *catalog.Catalog) []byte {
	b = append(b, `{"status":"ready","version":`...)
	b = envelope.AppendString(b, c.Version())
	b = append(b, `,"codes":`...)
	b = strconv.AppendInt(b, int64(len(c.Codes())), 10)
	b = append(b, `,"locales":`...)
	return strconv.AppendInt(b, int64(len(c.Locales())), 10)
}

// appendWatch appends the /readyz member of the folder's watch, when the
// server watches one: "watching", or "lost: …" while it polls.
func appendWatch(b []byte, ws WatchState) []byte {
	if ws.State != "" {
		b = append(b, `,"watch":`...)
		b = envelope.AppendString(b, ws.String())
	}
	return b
}

// appendReload appends the /readyz member of a ReloadState. Its
// diagnostics are diag.Diagnostic's JSON, as `errcat lint --format json`
// prints them, so that a script reads both alike; times are RFC 3339, in
// UTC.
//
//	,"reload":{"ok":false,"last_good":"2026-12-02T07:01:02Z","failed_at":"2026-12-02T07:05:40Z","diagnostics":[{"file":"locales/ja.toml","line":36,"col":49,"severity":"error","rule":"syntax","message":"…"}]}
func appendReload(b []byte, rs ReloadState) []byte {
	b = append(b, `,"reload":{"ok":`...)
	b = strconv.AppendBool(b, !rs.Failed())
	if !rs.LastGood.IsZero() {
		b = append(b, `,"last_good":`...)
		b = appendTime(b, rs.LastGood)
	}
	if !rs.Failed() {
		return append(b, '}')
	}
	b = append(b, `,"failed_at":`...)
	b = appendTime(b, rs.FailedAt)
	// encoding/json, with diag's own field tags, rather than by hand:
	// this is encoded once per failed reload, not per request.
	ds, err := json.Marshal(rs.Diagnostics)
	if err != nil || rs.Diagnostics == nil {
		// A Diagnostic is strings and ints: Marshal cannot fail on one.
		ds = []byte("[]")
	}
	b = append(b, `,"diagnostics":`...)
	b = append(b, ds...)
	if rs.More > 0 {
		b = append(b, `,"more":`...)
		b = strconv.AppendInt(b, int64(rs.More), 10)
	}
	return append(b, '}')
}

func appendTime(b []byte, t time.Time) []byte {
	b = append(b, '"')
	b = t.UTC().AppendFormat(b, time.RFC3339)
	return append(b, '"')
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
