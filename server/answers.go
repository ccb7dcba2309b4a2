package server

import (
	"sync/atomic"

	"github.com/errcat/errcat/internal/envelope"
)

// answers keeps the encoded answers of GET /v1/errors/{code} most asked for,
// per snapshot. Without a request's data the answer for a code in a locale
// (the envelope, its ETag and Content-Length) follows from the immutable
// catalog alone, so it is encoded once, not on every request: encoding it
// and formatting the two header values were a quarter of the handler.
//
// Like the resolver's header cache it is a fixed table of slots, two per
// hash, so a caller walking every code in every locale evicts entries
// rather than growing memory: at most answerSlots answers of a few hundred
// bytes each. Entries are immutable once published; readers take no lock.
type answers struct {
	slots [answerSlots]atomic.Pointer[answer]
}

const answerSlots = 4096

type answer struct {
	locale, code int
	body         []byte
	// vals holds the ETag and the Content-Length, each a one-element
	// slice of it ready to be a header's value.
	vals []string
}

// get returns the answer for code in locale l (an index into the catalog's
// locales) whose text is text, encoding it on a miss.
func (a *answers) get(snap *snapshot, l, code int, text string) *answer {
	// Fibonacci hashing of the pair: the slots' index from the top bits.
	h := (uint64(l)<<40 ^ uint64(code)) * 0x9E3779B97F4A7C15
	i := int(h>>52) &^ 1 // 4096 slots, paired
	for _, j := range [2]int{i, i + 1} {
		if e := a.slots[j].Load(); e != nil && e.locale == l && e.code == code {
			return e
		}
	}
	e := &answer{locale: l, code: code, body: envelope.Append(nil, text, code, nil)}
	e.vals = snap.etagAndLength(l, code, len(e.body))
	switch {
	case a.slots[i].Load() == nil:
		a.slots[i].Store(e)
	case a.slots[i+1].Load() == nil:
		a.slots[i+1].Store(e)
	default:
		// Which of the pair to evict: a hash bit the index does not use.
		a.slots[i+int(h>>51&1)].Store(e)
	}
	return e
}
