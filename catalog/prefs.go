package catalog

import (
	"slices"
	"strconv"
	"strings"
)

// MaxHeader bounds the Accept-Language value the resolver reads. Browsers
// send well under 200 bytes; a value over the bound is treated as absent, so
// that an oversized header never costs more than a normal one.
const MaxHeader = 4 << 10

// AcceptLanguage returns the Accept-Language value of h as one list: every
// field line of the header, in order, joined with ", ", as RFC 9110 §5.3
// combines repeated field lines. Header.Get reads only the first line, so a
// client (or a proxy) that sends its preferences on two lines would lose
// the second.
//
// A single line is returned as it is, without allocating. A combined value
// longer than MaxHeader is returned empty: the resolver would ignore it
// anyway, and it is not built.
//
// h is an http.Header (pass r.Header), typed as its map so that the runtime
// does not link net/http for callers that serve no HTTP; its keys are in
// canonical form, as net/http stores them.
func AcceptLanguage(h map[string][]string) string {
	lines := h["Accept-Language"]
	switch len(lines) {
	case 0:
		return ""
	case 1:
		return lines[0]
	}
	n := 2 * (len(lines) - 1)
	for _, l := range lines {
		n += len(l)
	}
	if n > MaxHeader {
		return ""
	}
	return strings.Join(lines, ", ")
}

// maxEntries bounds how many entries of a header are matched. More than a
// handful of languages is never meaningful, and matching is the costly part.
const maxEntries = 32

// A preference is one language range of an Accept-Language value.
type preference struct {
	rng      string // the range as written, "zh-TW"; matched later, through a cache
	wildcard bool   // "*"
	q        float64
}

// parsePreferences reads an Accept-Language value (RFC 9110 §12.5.4) and
// returns its language ranges ordered by q-value, highest first, keeping the
// header's order among equal q-values.
//
// Parsing is tolerant where x/text's ParseAcceptLanguage is strict: a
// malformed entry, such as "en-US;q=abc" or "es-ES_tradnl", is skipped and the
// rest of the header still counts. Entries with q=0 are kept (with q == 0):
// they exclude a language.
func parsePreferences(header string) []preference {
	if len(header) > MaxHeader {
		return nil
	}
	var prefs []preference
	for rest := header; rest != ""; {
		var entry string
		entry, rest, _ = strings.Cut(rest, ",")
		if len(prefs) == maxEntries {
			break
		}
		rng, params, _ := strings.Cut(entry, ";")
		rng = strings.TrimSpace(rng)
		if rng == "" {
			continue
		}
		q, ok := qValue(params)
		if !ok {
			continue
		}
		if rng == "*" {
			prefs = append(prefs, preference{wildcard: true, q: q})
			continue
		}
		if !validRange(rng) {
			continue
		}
		prefs = append(prefs, preference{rng: rng, q: q})
	}
	slices.SortStableFunc(prefs, func(a, b preference) int {
		switch {
		case a.q > b.q:
			return -1
		case a.q < b.q:
			return 1
		}
		return 0
	})
	return prefs
}

// qValue reads the parameters of an entry. Only q counts; RFC 9110 allows
// no other parameter, but a tolerant reader ignores unknown ones. A q that is
// not a number from 0 to 1 makes the entry malformed.
func qValue(params string) (float64, bool) {
	q := 1.0
	for params != "" {
		var p string
		p, params, _ = strings.Cut(params, ";")
		name, value, found := strings.Cut(strings.TrimSpace(p), "=")
		if !strings.EqualFold(strings.TrimSpace(name), "q") {
			continue
		}
		if !found {
			return 0, false
		}
		value = strings.TrimSpace(value)
		// ParseFloat accepts "NaN", "Inf" and hex floats; a qvalue is
		// plain decimal.
		if value == "" || strings.IndexFunc(value, func(r rune) bool { return (r < '0' || r > '9') && r != '.' }) >= 0 {
			return 0, false
		}
		v, err := strconv.ParseFloat(value, 64)
		if err != nil || v < 0 || v > 1 {
			return 0, false
		}
		q = v
	}
	return q, true
}

// validRange reports whether s has the shape of a language range: ASCII
// letters, digits and hyphens (RFC 4647). x/text's parser accepts
// underscores as separators, which browsers never send and the RFC forbids.
func validRange(s string) bool {
	if len(s) > 64 {
		return false
	}
	for i := range len(s) {
		c := s[i]
		if !('a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '-') {
			return false
		}
	}
	return true
}

// isPrivateUse reports whether a range is a private-use tag ("x-foo") or an
// irregular grandfathered one ("i-klingon"): unless the catalog ships a
// private-use locale, such a range matches nothing, and is skipped without
// parsing.
func isPrivateUse(rng string) bool {
	return len(rng) > 2 && rng[1] == '-' && (rng[0]|0x20 == 'x' || rng[0]|0x20 == 'i')
}
