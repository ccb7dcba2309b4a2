//go:build !floor

// Command rootinit is a program that imports only the root package errcat,
// for measuring what importing errcat costs at start-up (issue 17's row:
// package initialisation ≤ 1 ms). Built with -tags floor it imports
// nothing, the runtime's own initialisation, measured beside it:
//
//	bash bench/init.sh
package main

import _ "github.com/errcat/errcat"

func main() {}
