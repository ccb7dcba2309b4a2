//go:build pprof

package main

// Built with -tags pprof, errcat serves net/http/pprof's profiles on
// $ERRCAT_PPROF_ADDR (default 127.0.0.1:6060), so that bench/http.sh's load
// can be profiled in the binary it measures. Release builds carry none of
// it: the profiles would expose the process to whoever reaches the port.

import (
	"cmp"
	"log"
	"net/http"
	_ "net/http/pprof"
	"os"
)

func init() {
	addr := cmp.Or(os.Getenv("ERRCAT_PPROF_ADDR"), "127.0.0.1:6060")
	go func() { log.Println(http.ListenAndServe(addr, nil)) }()
}
