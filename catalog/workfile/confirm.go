package workfile

import (
	"errors"
	"fmt"
	"strings"

	"golang.org/x/text/language"

	"github.com/errcat/errcat/catalog"
	"github.com/errcat/errcat/catalog/internal/tomlfile"
)

// Confirm returns the text of bundle, a bundle of locale tag, with the hash
// of each message of ids set to the current hash of its source message in
// src: a translator has checked the stale translation against today's text,
// and it is still right. Only those hash lines change, each in place; the
// translator's words and every other byte stay as they are.
//
// Each of ids must be a message of both bundles with a hash line: the
// caller checks that it is stale. Confirm returns an *Error for a bundle it
// cannot edit line by line (one with a multi-line string, say), and reads
// its result back before returning it: the same messages, with the same
// texts, and only the hashes of ids changed.
func Confirm(src *catalog.Bundle, tag language.Tag, bundle File, ids []string) ([]byte, error) {
	before, _ := catalog.ParseBundle(bundle.Name, tag, bundle.Data)
	if before == nil {
		return nil, &Error{File: bundle.Name, Reason: "it is not valid TOML"}
	}
	t, err := tomlfile.Open(bundle.Data)
	var u *tomlfile.Unsupported
	switch {
	case errors.As(err, &u):
		return nil, &Error{File: bundle.Name, Reason: fmt.Sprintf("confirm cannot change its hash lines without reformatting it (line %d: %s); "+
			"set each hash by hand to the one errcat stale --format json gives as source_hash", u.Line, u.Why)}
	case err != nil:
		return nil, err
	}
	want := map[string]string{} // id → the hash it gets
	hashLines := map[int]bool{}
	for _, id := range ids {
		m, s := before.Lookup(id), src.Lookup(id)
		if m == nil || s == nil {
			return nil, fmt.Errorf("confirm %s in %s: no such message in the bundle and the source", id, bundle.Name)
		}
		p, ok := m.KeyPos("hash")
		if !ok {
			return nil, fmt.Errorf("confirm %s in %s: the message has no hash to change", id, bundle.Name)
		}
		want[id] = s.SourceHash()
		hashLines[p.Line] = true
		t.Apply(&tomlfile.Edit{ID: id, Hash: s.SourceHash()})
	}
	out := t.Bytes()
	if why := checkConfirmed(bundle, before, out, want, hashLines); why != "" {
		return nil, &Error{File: bundle.Name, Reason: "the bundle did not read back as intended after changing its hashes (" + why + "); nothing was written"}
	}
	return out, nil
}

// checkConfirmed says how out fails to be the bundle before with only the
// hashes of want changed, on the lines hashLines, or returns "".
func checkConfirmed(bundle File, before *catalog.Bundle, out []byte, want map[string]string, hashLines map[int]bool) string {
	old, now := strings.SplitAfter(string(bundle.Data), "\n"), strings.SplitAfter(string(out), "\n")
	if len(old) != len(now) {
		return fmt.Sprintf("%d lines became %d", len(old), len(now))
	}
	for i := range old {
		if old[i] != now[i] && !hashLines[i+1] {
			return fmt.Sprintf("line %d changed", i+1)
		}
	}
	after, _ := catalog.ParseBundle(bundle.Name, before.Tag, out)
	if after == nil || len(after.Messages) != len(before.Messages) {
		return "its messages changed"
	}
	for i, m := range before.Messages {
		a := after.Messages[i]
		hash := m.Hash
		if h, ok := want[m.ID]; ok {
			hash = h
		}
		if a.ID != m.ID || a.Text != m.Text || a.Description != m.Description || a.Hash != hash {
			return "message " + m.ID + " changed"
		}
	}
	return ""
}
