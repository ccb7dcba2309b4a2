// Command errcat serves errcat's localized error messages over HTTP and
// gives translators the tools to keep the catalog complete.
//
//	errcat serve [--addr 127.0.0.1:8080] [--locales DIR] [--access-log]
//	errcat missing|stale|lint|stats|todo|merge|export|import|resolve [flags]
//
// Run "errcat help" for the list of commands.
package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/signal"
	"slices"
	"syscall"
)

// Exit codes shared by every command: 0 when all is well, 1 when a check
// found problems, 2 for usage and load errors.
const (
	exitOK       = 0
	exitProblems = 1
	exitUsage    = 2
)

// A command is one subcommand of errcat. run gets the arguments after the
// command's name and returns the process's exit code.
type command struct {
	name    string
	summary string
	run     func(ctx context.Context, env *env, args []string) int
}

// env is what a command may touch of the outside world, so that tests can run
// the whole program in-process.
type env struct {
	stdin          io.Reader
	stdout, stderr io.Writer
	getenv         func(string) string
}

// commands lists every subcommand, in the order help shows them; each lives
// in a file of its name.
var commands = []command{
	{"export", "write a locale's messages as PO or XLIFF for translation tools", runExport},
	{"import", "fold a translated PO or XLIFF file into its bundle", runImport},
	{"lint", "check the bundles for mistakes, compiler style", runLint},
	{"merge", "fold filled-in work files into their bundles", runMerge},
	{"missing", "list the codes each locale has not translated", runMissing},
	{"resolve", "show the text a caller's languages get for a code", runResolve},
	{"serve", "serve localized error messages over HTTP", runServe},
	{"stale", "list translations whose English text changed since", runStale},
	{"stats", "show how complete each locale is", runStats},
	{"todo", "write a work file of what a locale needs translated", runTodo},
}

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := run(ctx, os.Args[1:], &env{stdin: os.Stdin, stdout: os.Stdout, stderr: os.Stderr, getenv: os.Getenv})
	stop()
	os.Exit(code)
}

// run runs the errcat command line args (without the program name) and
// returns the exit code.
func run(ctx context.Context, args []string, e *env) int {
	if len(args) == 0 || args[0] == "help" || args[0] == "-h" || args[0] == "--help" {
		usage(e.stderr)
		if len(args) == 0 {
			return exitUsage
		}
		return exitOK
	}
	i := slices.IndexFunc(commands, func(c command) bool { return c.name == args[0] })
	if i < 0 {
		fmt.Fprintf(e.stderr, "errcat: unknown command %q\n\n", args[0])
		usage(e.stderr)
		return exitUsage
	}
	return commands[i].run(ctx, e, args[1:])
}

func usage(w io.Writer) {
	fmt.Fprintln(w, "usage: errcat <command> [flags]")
	fmt.Fprintln(w)
	fmt.Fprintln(w, "commands:")
	for _, c := range commands {
		fmt.Fprintf(w, "  %-8s %s\n", c.name, c.summary)
	}
	fmt.Fprintln(w)
	fmt.Fprintln(w, "Run errcat <command> -h for a command's flags.")
}
