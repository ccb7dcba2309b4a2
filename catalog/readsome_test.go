package catalog

import (
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

// TestReadSome checks that ReadSome builds each message it is asked for
// exactly as Read builds it, with the same diagnostics, and judges no
// other; and that a file it cannot read with the lexer alone, or in the
// wrong order, is read whole, with every diagnostic Read gives.
func TestReadSome(t *testing.T) {
	var ordered strings.Builder
	for code := 1; code <= 200; code++ {
		fmt.Fprintf(&ordered, "[%q]\ndescription = \"d%d\"\nother = \"Text {{.N}} of %d\"\n\n", fmt.Sprint(code), code, code)
	}
	// Enough entries asked for that they are built on every core.
	var large strings.Builder
	var half []string
	for code := 1; code <= 2*parallelEntries+10; code++ {
		fmt.Fprintf(&large, "[%q]\nother = \"Text {{.N}} of %d\"\n\n", fmt.Sprint(code), code)
		if code%2 == 1 {
			half = append(half, fmt.Sprint(code))
		}
	}
	broken := `["1"]
other = "One"

["2"]
other = "Two {{.N"

["3"]
colour = "a key go-i18n does not read"
other = "Three"

["4"]
other = "Four"
`
	tests := []struct {
		name  string
		text  string
		ids   []string
		whole bool // ReadSome must give Read's bundle
		diags int  // how many diagnostics ReadSome gives
	}{
		{name: "a few of many", text: ordered.String(), ids: []string{"7", "150", "200", "9999"}},
		{name: "none", text: ordered.String(), ids: nil},
		{name: "half of a large bundle", text: large.String(), ids: half},
		{name: "around broken messages", text: broken, ids: []string{"1", "4"}, diags: 0},
		{name: "a broken message asked for", text: broken, ids: []string{"2", "3", "4"}, diags: 1},
		{name: "out of order", text: "[\"2\"]\nother = \"Two\"\n\n[\"1\"]\nother = \"One\"\n", ids: []string{"1"}, whole: true},
		{name: "written twice", text: "[\"1\"]\nother = \"One\"\n\n[\"1\"]\nother = \"Again\"\n", ids: []string{"1"}, whole: true},
		{name: "not the lexer's TOML", text: "[\"1\"]\nother = \"\"\"\nOne\"\"\"\n\n[\"2\"]\nother = \"Two\"\n", ids: []string{"2"}, whole: true},
		{name: "a syntax error elsewhere", text: "[\"1\"]\nother = \"One\"\n\n[\"2\"]\nother = \"Two\n", ids: []string{"1"}, whole: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			if err := os.WriteFile(filepath.Join(dir, "en.toml"), []byte(tt.text), 0o644); err != nil {
				t.Fatal(err)
			}
			fo, err := OpenFolder(DirFS(dir), "locales")
			if err != nil {
				t.Fatal(err)
			}
			all, allDiags := fo.Read(fo.Source)
			some, someDiags := fo.ReadSome(fo.Source, tt.ids)
			if tt.whole {
				if fmt.Sprint(someDiags) != fmt.Sprint(allDiags) || (all == nil) != (some == nil) ||
					all != nil && len(some.Messages) != len(all.Messages) {
					t.Fatalf("ReadSome = %v, %v; want Read's whole bundle and %v", some, someDiags, allDiags)
				}
				return
			}
			if some == nil {
				t.Fatalf("ReadSome gave no bundle: %v", someDiags)
			}
			want := map[string]bool{}
			for _, id := range tt.ids {
				want[id] = true
			}
			var wantDiags []string
			for _, d := range allDiags {
				if want[d.ID] {
					wantDiags = append(wantDiags, d.String())
				}
			}
			var gotDiags []string
			for _, d := range someDiags {
				gotDiags = append(gotDiags, d.String())
			}
			if len(gotDiags) != tt.diags {
				t.Errorf("%d diagnostics, want %d: %q", len(gotDiags), tt.diags, gotDiags)
			}
			if !reflect.DeepEqual(gotDiags, wantDiags) {
				t.Errorf("diagnostics:\n%q\nwant those of Read for the IDs asked for:\n%q", gotDiags, wantDiags)
			}
			n := 0
			for _, m := range all.Messages {
				got := some.Lookup(m.ID)
				if !want[m.ID] {
					if got != nil {
						t.Errorf("%s was not asked for, and is in the bundle", m.ID)
					}
					continue
				}
				n++
				if got == nil {
					t.Errorf("%s is missing", m.ID)
					continue
				}
				if got.Other() != m.Other() || got.Description != m.Description || got.Pos != m.Pos ||
					got.SourceHash() != m.SourceHash() || !reflect.DeepEqual(got.Placeholders(0), m.Placeholders(0)) {
					t.Errorf("%s: ReadSome built %+v, Read %+v", m.ID, got, m)
				}
			}
			if len(some.Messages) != n {
				t.Errorf("the bundle holds %d messages, want %d", len(some.Messages), n)
			}
		})
	}
}
