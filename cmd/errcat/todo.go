package main

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"

	"github.com/errcat/errcat/catalog"
)

func init() {
	register(command{
		name:    "todo",
		summary: "write a work file of what a locale needs translated",
		run:     runTodo,
	})
}

const todoAbout = `Todo writes, beside the bundles, a work file translate.<locale>.toml for each
locale with codes missing or stale: every such code with its English text in
a comment, the description and hash of the English message, and an empty
"other" (and, for a plural message, every plural form the language uses) to
fill in. Fill it in, then run errcat merge. For a locale that has no bundle
yet, the work file holds every code, and merge creates the bundle.

Todo never overwrites a work file that has translations in it: merge it
first, or delete it to start over. It exits 1 when it refused to.`

func runTodo(_ context.Context, e *env, args []string) int {
	f := newCatalogFlags(e, "todo", "[--locales DIR] [--locale TAG]...", todoAbout)
	f.localeFlag("a locale `TAG` to write the work file of, such as ja; repeat it for several (default: every translation)")
	if code, ok := f.parseNoOperands(args); !ok {
		return code
	}
	c, ok := f.load()
	if !ok {
		return exitUsage
	}
	covs, ok := f.todoCoverage(c)
	if !ok {
		return exitUsage
	}
	exit := exitOK
	for _, cov := range covs {
		name := catalog.WorkFileName(cov.Locale)
		file := filepath.Join(f.dir, name)
		shown := path.Join(f.display(), name)
		data := c.WorkFile(cov)
		if data == nil {
			fmt.Fprintf(e.stdout, "%s: nothing to translate\n", cov.Locale)
			continue
		}
		if old, err := os.ReadFile(file); err == nil {
			ids, err := catalog.WorkTranslated(shown, old)
			if err != nil {
				fmt.Fprintf(e.stderr, "%v\n", err)
				fmt.Fprintf(e.stderr, "errcat todo: %s is not valid TOML, so it may hold translations; fix it and run errcat merge, or delete it to start over\n", shown)
				exit = exitProblems
				continue
			}
			if len(ids) > 0 {
				fmt.Fprintf(e.stderr, "errcat todo: %s has translations not merged yet (%s); run errcat merge --locale %s first, or delete it to start over\n",
					shown, strings.Join(dedupe(ids), ", "), cov.Locale)
				exit = exitProblems
				continue
			}
		} else if !errors.Is(err, fs.ErrNotExist) {
			fmt.Fprintf(e.stderr, "errcat todo: %v\n", err)
			exit = exitProblems
			continue
		}
		mode := fileMode(file, fileMode(filepath.Join(f.dir, path.Base(cov.File)), 0o644))
		if err := writeFileAtomic(file, data, mode); err != nil {
			fmt.Fprintf(e.stderr, "errcat todo: %v\n", err)
			exit = exitProblems
			continue
		}
		fmt.Fprintf(e.stdout, "%s: %d to translate (%d missing, %d stale)\n", shown,
			len(cov.Missing)+len(cov.Stale), len(cov.Missing), len(cov.Stale))
	}
	return exit
}

// todoCoverage returns the coverage of each locale --locale names, or of
// every translation. A locale without a bundle is a new one: all of it is to
// do, and merge creates its bundle.
func (f *catalogFlags) todoCoverage(c *catalog.Catalog) ([]catalog.Coverage, bool) {
	var covs []catalog.Coverage
	if len(f.locales) == 0 {
		for l := 1; l < len(c.Locales()); l++ {
			covs = append(covs, c.Coverage(l))
		}
		return covs, true
	}
	for _, s := range f.locales {
		tag, err := parseLocale(s)
		if err != nil {
			fmt.Fprintf(f.e.stderr, "errcat todo: --locale %q is not a BCP 47 language tag\n", s)
			return nil, false
		}
		if l := slices.IndexFunc(c.Locales(), func(loc catalog.Locale) bool { return loc.Tag == tag }); l >= 0 {
			covs = append(covs, c.Coverage(l))
		} else {
			covs = append(covs, c.NewCoverage(tag, path.Join(f.display(), tag.String()+".toml")))
		}
	}
	return covs, true
}

func dedupe(ids []string) []string {
	seen := map[string]bool{}
	var out []string
	for _, id := range ids {
		if !seen[id] {
			seen[id] = true
			out = append(out, id)
		}
	}
	return out
}
