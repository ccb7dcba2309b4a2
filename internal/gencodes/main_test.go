package main

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"
)

// TestGeneratedUpToDate fails when codes.go is not what go generate would
// write from the current facts and English bundle.
func TestGeneratedUpToDate(t *testing.T) {
	want, err := generate("codes.toml", "../../locales/en.toml")
	if err != nil {
		t.Fatal(err)
	}
	got, err := os.ReadFile("../../codes.go")
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Fatal("codes.go is out of date: run go generate ./... at the top of the module")
	}
}

func TestGenerateRefusesBadFacts(t *testing.T) {
	cases := map[string]string{
		"unknown code":   "9999 = { name = \"Nope\", status = 400 }\n",
		"bad name":       "1000 = { name = \"systemBusy\", status = 503 }\n",
		"bad status":     "1000 = { name = \"SystemBusy\", status = 200 }\n",
		"misspelt key":   "1000 = { name = \"SystemBusy\", stauts = 503 }\n",
		"duplicate name": "1000 = { name = \"X\", status = 503 }\n1001 = { name = \"X\", status = 403 }\n",
		"missing codes":  "1000 = { name = \"SystemBusy\", status = 503 }\n",
	}
	for name, facts := range cases {
		t.Run(name, func(t *testing.T) {
			p := filepath.Join(t.TempDir(), "codes.toml")
			if err := os.WriteFile(p, []byte(facts), 0o644); err != nil {
				t.Fatal(err)
			}
			if _, err := generate(p, "../../locales/en.toml"); err == nil {
				t.Fatal("generate accepted bad facts")
			} else {
				t.Log(err)
			}
		})
	}
}
