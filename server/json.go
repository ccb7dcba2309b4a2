package server

import (
	"strconv"
	"sync"

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
// brace: the watch's state, which changes on its own, follows.
func appendReady(b []byte, c *catalog.Catalog) []byte {
	b = append(b, `{"status":"ready","version":`...)
	b = envelope.AppendString(b, c.Version())
	b = append(b, `,"codes":`...)
	b = strconv.AppendInt(b, int64(len(c.Codes())), 10)
	b = append(b, `,"locales":`...)
	return strconv.AppendInt(b, int64(len(c.Locales())), 10)
}

// appendWatch ends a /readyz body with the state of the folder's watch,
// when the server watches one: "watching", or "lost: …" while it polls.
func appendWatch(b []byte, ws WatchState) []byte {
	if ws.State != "" {
		b = append(b, `,"watch":`...)
		b = envelope.AppendString(b, ws.String())
	}
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
