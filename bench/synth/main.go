// Command synth writes a synthetic errcat catalog of N codes in M locales,
// for measuring how errcat's loading and checks grow with size. The output is
// deterministic for a seed: the same flags always write the same bytes.
//
//	go run ./bench/synth -codes 20000 -locales 30 -out /tmp/cat
//
// The source (en.toml) mixes plain messages (70%), templated ones with a
// field (20%) and plural ones (10%). Each translation leaves out a share of
// codes (-missing), records a wrong source hash for a share (-stale) and
// breaks a share (-broken: an unknown template field, which loads but lint
// reports). Every file stays valid TOML, so goi18n can read the same files.
package main

import (
	"bufio"
	"flag"
	"fmt"
	"log"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/errcat/errcat/catalog"
	"golang.org/x/text/feature/plural"
	"golang.org/x/text/language"
)

// tags are real locales with CLDR plural rules, so that plural forms vary as
// they do in a real product.
var tags = []string{
	"ja", "ko", "de", "fr", "es", "pt-BR", "ru", "zh-Hans", "zh-Hant", "it",
	"nl", "pl", "tr", "ar", "he", "sv", "da", "fi", "nb", "cs",
	"sk", "hu", "ro", "bg", "uk", "el", "hr", "sr", "sl", "lt",
	"lv", "et", "vi", "th", "id", "ms", "hi", "bn", "ta", "te",
	"mr", "ur", "fa", "sw", "fil", "ca", "gl", "eu", "is", "cy",
}

var words = strings.Fields(`account application user pool verification code password email phone
domain collaborator order session token request parameter template group role permission
resource quota limit provider identity tenant client secret key certificate policy`)

func main() {
	codes := flag.Int("codes", 1000, "codes in the source")
	nloc := flag.Int("locales", 10, "locales, the source included")
	seed := flag.Uint64("seed", 1, "random seed")
	missing := flag.Float64("missing", 0.05, "share of codes each translation lacks")
	stale := flag.Float64("stale", 0.03, "share of translations with a wrong source hash")
	broken := flag.Float64("broken", 0.01, "share of translations with an unknown template field")
	out := flag.String("out", "", "the folder to write (created)")
	flag.Parse()
	if *out == "" || *nloc < 1 || *nloc > len(tags)+1 || *codes < 1 {
		flag.Usage()
		os.Exit(2)
	}
	if err := write(*out, *codes, *nloc, *seed, *missing, *stale, *broken); err != nil {
		log.Fatal(err)
	}
}

type source struct {
	id    string
	msg   catalog.Message
	kind  int // 0 plain, 1 templated, 2 plural
	words []string
}

func write(dir string, n, nloc int, seed uint64, missing, stale, broken float64) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	r := rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))
	src := make([]source, n)
	for i := range src {
		s := &src[i]
		s.id = strconv.Itoa(10000 + i)
		k := 3 + r.IntN(8)
		for range k {
			s.words = append(s.words, words[r.IntN(len(words))])
		}
		text := strings.Join(s.words, " ")
		switch p := r.Float64(); {
		case p < 0.7:
			s.msg.Text[plural.Other] = "The " + text + " failed"
		case p < 0.9:
			s.kind = 1
			s.msg.Text[plural.Other] = "The " + text + " must be at most {{.Max}} long"
			s.msg.Description = "Max is a number of characters."
		default:
			s.kind = 2
			s.msg.Text[plural.One] = "{{.PluralCount}} " + text + " is left"
			s.msg.Text[plural.Other] = "{{.PluralCount}} " + text + " are left"
		}
	}
	if err := writeFile(filepath.Join(dir, "en.toml"), func(w *bufio.Writer) {
		fmt.Fprintf(w, "# Synthetic source bundle: %d codes, seed %d.\n", n, seed)
		for _, s := range src {
			fmt.Fprintf(w, "\n[%q]\n", s.id)
			if s.msg.Description != "" {
				fmt.Fprintf(w, "description = %q\n", s.msg.Description)
			}
			for _, f := range catalog.Forms() {
				if t := s.msg.Text[f]; t != "" {
					fmt.Fprintf(w, "%s = %q\n", catalog.FormName(f), t)
				}
			}
		}
	}); err != nil {
		return err
	}
	for _, tagName := range tags[:nloc-1] {
		tag := language.MustParse(tagName)
		forms := catalog.UsedForms(tag)
		err := writeFile(filepath.Join(dir, tagName+".toml"), func(w *bufio.Writer) {
			fmt.Fprintf(w, "# Synthetic %s bundle.\n", tagName)
			for _, s := range src {
				if r.Float64() < missing {
					continue
				}
				hash := s.msg.SourceHash()
				if r.Float64() < stale {
					hash = "sha1-" + strings.Repeat("0", 40)
				}
				field := "{{.Max}}"
				if r.Float64() < broken {
					field = "{{.Maximum}}"
				}
				fmt.Fprintf(w, "\n[%q]\nhash = %q\n", s.id, hash)
				text := "[" + tagName + "] " + reverse(s.words)
				switch s.kind {
				case 0:
					fmt.Fprintf(w, "other = %q\n", text)
				case 1:
					fmt.Fprintf(w, "other = %q\n", text+" "+field)
				case 2:
					for _, f := range forms {
						fmt.Fprintf(w, "%s = %q\n", catalog.FormName(f), "{{.PluralCount}} "+text+" ("+catalog.FormName(f)+")")
					}
				}
			}
		})
		if err != nil {
			return err
		}
	}
	return nil
}

func reverse(ws []string) string {
	out := make([]string, len(ws))
	for i, w := range ws {
		out[len(ws)-1-i] = w
	}
	return strings.Join(out, " ")
}

func writeFile(path string, fill func(*bufio.Writer)) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	w := bufio.NewWriterSize(f, 1<<16)
	fill(w)
	if err := w.Flush(); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}
