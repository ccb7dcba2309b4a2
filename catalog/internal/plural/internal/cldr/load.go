package cldr

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io/fs"
	"slices"
	"strings"
)

// Data is the plural data of one cldr-core release.
type Data struct {
	Package  string            // the npm package and version, such as "cldr-core 48.2.0"
	CLDR     string            // the CLDR version the JSON declares, such as "48"
	Cardinal map[string][]Rule // cardinal rules by CLDR locale id, in Categories order
	Ordinal  map[string][]Rule // ordinal rules likewise
	Parents  map[string]string // CLDR's explicit parent locales, for plural data
}

// The files Load reads from the data directory.
const (
	cardinalFile = "plurals.json"
	ordinalFile  = "ordinals.json"
	parentsFile  = "parentLocales.json"
	versionFile  = "VERSION"
)

// Load reads the plural data from fsys, a directory holding cldr-core's
// supplemental/plurals.json, supplemental/ordinals.json and
// supplemental/parentLocales.json, and a VERSION file whose first line names
// the package ("cldr-core 48.2.0").
func Load(fsys fs.FS) (*Data, error) {
	d := &Data{}
	v, err := fs.ReadFile(fsys, versionFile)
	if err != nil {
		return nil, err
	}
	line, _, _ := bytes.Cut(v, []byte("\n"))
	d.Package = strings.TrimSpace(string(line))
	if d.Package == "" {
		return nil, fmt.Errorf("%s: empty first line", versionFile)
	}

	var cldrCard, cldrOrd string
	if d.Cardinal, cldrCard, err = loadRules(fsys, cardinalFile, "plurals-type-cardinal"); err != nil {
		return nil, err
	}
	if d.Ordinal, cldrOrd, err = loadRules(fsys, ordinalFile, "plurals-type-ordinal"); err != nil {
		return nil, err
	}
	if cldrCard != cldrOrd {
		return nil, fmt.Errorf("%s is CLDR %s but %s is CLDR %s", cardinalFile, cldrCard, ordinalFile, cldrOrd)
	}
	d.CLDR = cldrCard
	if d.Parents, err = loadParents(fsys); err != nil {
		return nil, err
	}
	return d, nil
}

type supplementalVersion struct {
	CLDR string `json:"_cldrVersion"`
}

func loadRules(fsys fs.FS, name, key string) (map[string][]Rule, string, error) {
	buf, err := fs.ReadFile(fsys, name)
	if err != nil {
		return nil, "", err
	}
	var doc struct {
		Supplemental map[string]json.RawMessage `json:"supplemental"`
	}
	if err := json.Unmarshal(buf, &doc); err != nil {
		return nil, "", fmt.Errorf("%s: %w", name, err)
	}
	var ver supplementalVersion
	if raw, ok := doc.Supplemental["version"]; !ok {
		return nil, "", fmt.Errorf("%s: no supplemental.version", name)
	} else if err := json.Unmarshal(raw, &ver); err != nil || ver.CLDR == "" {
		return nil, "", fmt.Errorf("%s: no supplemental.version._cldrVersion", name)
	}
	raw, ok := doc.Supplemental[key]
	if !ok {
		return nil, "", fmt.Errorf("%s: no supplemental.%s", name, key)
	}
	var locales map[string]map[string]string
	if err := json.Unmarshal(raw, &locales); err != nil {
		return nil, "", fmt.Errorf("%s: supplemental.%s: %w", name, key, err)
	}
	out := make(map[string][]Rule, len(locales))
	for loc, rules := range locales {
		if !validLocaleID(loc) {
			return nil, "", fmt.Errorf("%s: bad locale id %q", name, loc)
		}
		var rs []Rule
		for k, text := range rules {
			cat, ok := strings.CutPrefix(k, "pluralRule-count-")
			if !ok {
				return nil, "", fmt.Errorf("%s: %s: unexpected key %q", name, loc, k)
			}
			r, err := ParseRule(cat, text)
			if err != nil {
				return nil, "", fmt.Errorf("%s: %s: %s: %w", name, loc, cat, err)
			}
			rs = append(rs, r)
		}
		slices.SortFunc(rs, func(a, b Rule) int { return categoryRank(a.Category) - categoryRank(b.Category) })
		if len(rs) == 0 || rs[len(rs)-1].Category != "other" {
			return nil, "", fmt.Errorf("%s: %s: no rule for \"other\"", name, loc)
		}
		out[loc] = rs
	}
	return out, ver.CLDR, nil
}

// loadParents returns CLDR's parent locales as they apply to plural rules:
// the general parentLocale table, overridden by the plurals component table
// when CLDR has one (TR35 part 1, "Parent Locales"; empty in CLDR 48).
func loadParents(fsys fs.FS) (map[string]string, error) {
	buf, err := fs.ReadFile(fsys, parentsFile)
	if err != nil {
		return nil, err
	}
	var doc struct {
		Supplemental struct {
			ParentLocales struct {
				ParentLocale map[string]string `json:"parentLocale"`
				Plurals      map[string]string `json:"plurals"`
			} `json:"parentLocales"`
		} `json:"supplemental"`
	}
	if err := json.Unmarshal(buf, &doc); err != nil {
		return nil, fmt.Errorf("%s: %w", parentsFile, err)
	}
	pl := doc.Supplemental.ParentLocales
	if len(pl.ParentLocale) == 0 {
		return nil, fmt.Errorf("%s: no supplemental.parentLocales.parentLocale", parentsFile)
	}
	out := make(map[string]string, len(pl.ParentLocale)+len(pl.Plurals))
	for k, v := range pl.ParentLocale {
		out[k] = v
	}
	for k, v := range pl.Plurals {
		out[k] = v
	}
	for k, v := range out {
		if !validLocaleID(k) || !validLocaleID(v) {
			return nil, fmt.Errorf("%s: bad entry %q: %q", parentsFile, k, v)
		}
	}
	return out, nil
}

// validLocaleID accepts the CLDR locale ids the data uses: "und", "root",
// "pt", "pt-PT", "kok-Latn", "en-150", "zh-Hant-HK" and the like.
func validLocaleID(id string) bool {
	for _, t := range strings.Split(id, "-") {
		if t == "" || len(t) > 8 {
			return false
		}
		for i := 0; i < len(t); i++ {
			c := t[i]
			if !('a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9') {
				return false
			}
		}
	}
	return true
}
