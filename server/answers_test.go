package server

import (
	"bytes"
	"fmt"
	"net/http/httptest"
	"strconv"
	"testing"

	"github.com/errcat/errcat/internal/envelope"
)

// The answer table is bounded and always right: walking far more (locale,
// code) pairs than it has slots, each answer it returns is the one encoded
// afresh, and it never holds more than its slots.
func TestAnswersAreRightAndBounded(t *testing.T) {
	const locales, codes = 12, 2000 // 24,000 pairs, 4,096 slots
	snap := &snapshot{etagPrefix: make([]string, locales)}
	for l := range locales {
		snap.etagPrefix[l] = `"v-l` + strconv.Itoa(l) + "-"
	}
	text := func(l, code int) string { return fmt.Sprintf("text %d of %d \"quoted\"", code, l) }
	check := func(l, code int) {
		t.Helper()
		a := snap.answers.get(snap, l, code, text(l, code))
		body := envelope.Append(nil, text(l, code), code, nil)
		etag := snap.etagPrefix[l] + strconv.Itoa(code) + `"`
		if !bytes.Equal(a.body, body) || a.vals[0] != etag || a.vals[1] != strconv.Itoa(len(body)) {
			t.Fatalf("locale %d, code %d: %q %q, want %q %q %d", l, code, a.body, a.vals, body, etag, len(body))
		}
	}
	for round := range 2 {
		for l := range locales {
			for code := range codes {
				check(l, code*7+round)
			}
		}
	}
	// The first pairs again, most of them evicted by now.
	for code := range 100 {
		check(0, code*7)
	}
	n := 0
	for i := range snap.answers.slots {
		if snap.answers.slots[i].Load() != nil {
			n++
		}
	}
	if n > answerSlots {
		t.Fatalf("%d answers held, the table has %d slots", n, answerSlots)
	}
}

// A message answered before allocates nothing: its envelope and header
// values are the snapshot's.
func TestMessageAllocatesNothing(t *testing.T) {
	srv := New(Config{Catalog: embedded(t)})
	for _, target := range []string{"/v1/errors/2004", "/v1/errors/2004?lang=zh-TW"} {
		r := httptest.NewRequest("GET", target, nil)
		r.Header.Set("Accept-Language", "ja-JP,ja;q=0.9,en-US;q=0.8,en;q=0.7")
		if allocs, _ := cost(srv, r, 200); allocs != 0 {
			t.Errorf("GET %s: %.0f allocations a request, want 0", target, allocs)
		}
	}
}
