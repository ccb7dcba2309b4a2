//go:build pprof

package main

// Built with -tags pprof, errcat serves net/http/pprof's profiles on
// $ERRCAT_PPROF_ADDR (default 127.0.0.1:6060), so that bench/http.sh's load
// can be profiled in the binary it measures. For the tools, which end
// before a profile could be fetched, $ERRCAT_CPUPROFILE names a file for a
// CPU profile of the whole command, or $ERRCAT_MEMPROFILE one for a profile
// of its allocations, written as it exits. Release builds carry none of
// it: the profiles would expose the process to whoever reaches the port.

import (
	"cmp"
	"log"
	"net/http"
	_ "net/http/pprof"
	"os"
	"runtime"
	"runtime/pprof"
)

func init() {
	if name := os.Getenv("ERRCAT_MEMPROFILE"); name != "" {
		runtime.MemProfileRate = 4096
		atExit = func() {
			runtime.GC() // the profile holds what the last collection saw
			f, err := os.Create(name)
			if err == nil {
				err = pprof.Lookup("allocs").WriteTo(f, 0)
				f.Close()
			}
			if err != nil {
				log.Print(err)
			}
		}
		return
	}
	if name := os.Getenv("ERRCAT_CPUPROFILE"); name != "" {
		f, err := os.Create(name)
		if err != nil {
			log.Fatal(err)
		}
		if err := pprof.StartCPUProfile(f); err != nil {
			log.Fatal(err)
		}
		atExit = func() {
			pprof.StopCPUProfile()
			if err := f.Close(); err != nil {
				log.Print(err)
			}
		}
		return
	}
	addr := cmp.Or(os.Getenv("ERRCAT_PPROF_ADDR"), "127.0.0.1:6060")
	go func() { log.Println(http.ListenAndServe(addr, nil)) }()
}
