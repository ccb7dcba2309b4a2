// Command errcat serves errcat's localized error messages over HTTP and
// gives translators the tools to keep the catalog complete.
//
//	errcat serve [--addr HOST:PORT] [--locales DIR] [flags]
//	errcat missing|stale|lint|stats|todo|merge|confirm|export|import|resolve [flags]
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
	{"confirm", "mark stale translations as still right, without retyping them", runConfirm},
	{"export", "write a locale's messages as PO or XLIFF for translation tools", runExport},
	{"generate", "write Go constants for a catalog's codes", runGenerate},
	{"import", "fold a translated PO or XLIFF file into its bundle", runImport},
	{"init", "start a catalog from a Markdown or CSV table of codes", runInit},
	{"lint", "check the bundles for mistakes, compiler style", runLint},
	{"merge", "fold filled-in work files into their bundles", runMerge},
	{"missing", "list the codes each locale has not translated", runMissing},
	{"resolve", "show the text a caller's languages get for a code", runResolve},
	{"serve", "serve localized error messages over HTTP", runServe},
	{"stale", "list translations whose English text changed since", runStale},
	{"stats", "show how complete each locale is", runStats},
	{"todo", "write a work file of what a locale needs translated", runTodo},
	{"version", "print errcat's version and how it was built", runVersion},
}

// watchesCtx names the commands that stop when their context is done:
// serve drains its connections, confirm, merge and todo stop before their
// next write. The others are quick reads with nothing to finish.
var watchesCtx = []string{"confirm", "merge", "serve", "todo"}

func main() {
	code := run(signalContext(os.Args[1:]), os.Args[1:], &env{stdin: os.Stdin, stdout: os.Stdout, stderr: os.Stderr, getenv: os.Getenv})
	atExit()
	os.Exit(code)
}

// atExit runs before the process exits: a no-op, except in a build with
// -tags pprof, where it writes a command's CPU or memory profile.
var atExit = func() {}

// signalContext returns the context the command args[0] runs with. For a
// command that watches it, the first SIGINT or SIGTERM cancels it, and
// the handler is then let go, so that a second signal ends the process at
// once, as a signal ends a program that has no handler: a command stuck
// somewhere that does not watch the context (a read that never returns,
// a drain that waits for a slow client) can always be stopped by asking
// twice. Every other command gets no handler at all, and the first signal
// ends it. Ending a command outright loses nothing: every write is a
// rename of a file written whole.
func signalContext(args []string) context.Context {
	if len(args) == 0 || !slices.Contains(watchesCtx, args[0]) {
		return context.Background()
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	go func() {
		<-ctx.Done()
		stop()
	}()
	return ctx
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
	if args[0] == "--version" {
		args = append([]string{"version"}, args[1:]...)
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
