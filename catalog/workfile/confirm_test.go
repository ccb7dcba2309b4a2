package workfile

import (
	"errors"
	"strings"
	"testing"

	"golang.org/x/text/language"

	"github.com/errcat/errcat/catalog"
)

func TestConfirm(t *testing.T) {
	srcText := "[\"2005\"]\nother = \"User account has been locked\"\n\n[\"3001\"]\nother = \"The name is too long\"\n"
	src, _ := catalog.ParseBundle("en.toml", language.English, []byte(srcText))
	catalog.SourceCodes(src)
	now := src.Lookup("2005").SourceHash()
	cases := []struct {
		name, bundle, want string
	}{{
		name:   "only the hash line changes",
		bundle: "# ja\n[\"2005\"]\nhash = \"sha1-old\"\nother = \"ロックされています。\"\n\n[\"3001\"]\nhash = \"sha1-other\"\nother = \"長すぎます。\"\n",
		want:   "# ja\n[\"2005\"]\nhash = \"" + now + "\"\nother = \"ロックされています。\"\n\n[\"3001\"]\nhash = \"sha1-other\"\nother = \"長すぎます。\"\n",
	}, {
		name:   "CRLF lines and a file without a final line end keep them",
		bundle: "[\"2005\"]\r\nhash = 'sha1-old'\r\nother = \"ロックされています。\"",
		want:   "[\"2005\"]\r\nhash = \"" + now + "\"\r\nother = \"ロックされています。\"",
	}}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got, err := Confirm(src, language.Japanese, File{Name: "ja.toml", Data: []byte(c.bundle)}, []string{"2005"})
			if err != nil || string(got) != c.want {
				t.Errorf("Confirm = %q, %v; want %q", got, err, c.want)
			}
		})
	}

	// A bundle with a multi-line string cannot be edited line by line.
	_, err := Confirm(src, language.Japanese, File{Name: "ja.toml", Data: []byte("[\"2005\"]\nhash = \"sha1-old\"\nother = \"\"\"ロック\"\"\"\n")}, []string{"2005"})
	var we *Error
	if !errors.As(err, &we) || !strings.Contains(we.Reason, "line 3") {
		t.Errorf("multi-line string: %v, want an *Error naming line 3", err)
	}
	// A message without a hash has nothing to confirm.
	if _, err := Confirm(src, language.Japanese, File{Name: "ja.toml", Data: []byte("[\"2005\"]\nother = \"x\"\n")}, []string{"2005"}); err == nil {
		t.Error("a message without a hash: no error")
	}
}
