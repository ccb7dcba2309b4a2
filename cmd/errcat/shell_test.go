package main

import (
	"errors"
	"strings"
	"testing"
)

// shellFields splits a command line into words as a POSIX shell would,
// for the simple lines that the Dockerfile and the docs hold: words
// separated by blanks, with '…' and "…" quoting and \ escaping. plain is
// false when the line uses what only a shell can run (a pipe, a
// redirection, ;, &, a substitution or a variable), outside quotes.
func shellFields(line string) (words []string, plain bool, err error) {
	plain = true
	var (
		word    strings.Builder
		inWord  bool
		quote   byte // ' or ", while inside quotes
		escaped bool
	)
	for i := 0; i < len(line); i++ {
		c := line[i]
		switch {
		case escaped:
			word.WriteByte(c)
			escaped = false
		case quote == '\'':
			if c == '\'' {
				quote = 0
			} else {
				word.WriteByte(c)
			}
		case quote == '"':
			switch c {
			case '"':
				quote = 0
			case '\\':
				if i+1 < len(line) && strings.IndexByte(`"\$`+"`", line[i+1]) >= 0 {
					i++
				}
				word.WriteByte(line[i])
			case '$', '`':
				plain = false
				word.WriteByte(c)
			default:
				word.WriteByte(c)
			}
		case c == '\\':
			escaped, inWord = true, true
		case c == '\'' || c == '"':
			quote, inWord = c, true
		case c == ' ' || c == '\t':
			if inWord {
				words = append(words, word.String())
				word.Reset()
				inWord = false
			}
		default:
			if strings.IndexByte("|&;<>()$`*?[", c) >= 0 {
				plain = false
			}
			word.WriteByte(c)
			inWord = true
		}
	}
	if quote != 0 || escaped {
		return nil, false, errors.New("unterminated quote or escape")
	}
	if inWord {
		words = append(words, word.String())
	}
	return words, plain, nil
}

func TestShellFields(t *testing.T) {
	tests := []struct {
		line  string
		words []string
		plain bool
	}{
		{`errcat serve --addr :8080`, []string{"errcat", "serve", "--addr", ":8080"}, true},
		{`go build -ldflags="-s -w -X main.version=" -o /out/errcat ./cmd/errcat`, []string{"go", "build", "-ldflags=-s -w -X main.version=", "-o", "/out/errcat", "./cmd/errcat"}, true},
		{`errcat resolve --lang 'zh-TW,zh;q=0.9' 2004`, []string{"errcat", "resolve", "--lang", "zh-TW,zh;q=0.9", "2004"}, true},
		{`errcat serve --cors-origin '*'`, []string{"errcat", "serve", "--cors-origin", "*"}, true},
		{`errcat stats | head -3`, []string{"errcat", "stats", "|", "head", "-3"}, false},
		{`errcat lint > out.txt`, []string{"errcat", "lint", ">", "out.txt"}, false},
		{`errcat serve --locales "$HOME/locales"`, []string{"errcat", "serve", "--locales", "$HOME/locales"}, false},
		{`a\ b "c \"d\""`, []string{"a b", `c "d"`}, true},
	}
	for _, tt := range tests {
		words, plain, err := shellFields(tt.line)
		if err != nil || plain != tt.plain || strings.Join(words, "\x00") != strings.Join(tt.words, "\x00") {
			t.Errorf("shellFields(%s) = %q, %v, %v; want %q, %v", tt.line, words, plain, err, tt.words, tt.plain)
		}
	}
	if _, _, err := shellFields(`errcat 'open`); err == nil {
		t.Error("an unterminated quote is not an error")
	}
}
