// Command loadcat loads a catalog folder the way errcat serve does and
// reports the time it took, the messages it holds and the memory they take:
//
//	go run ./bench/loadcat DIR
package main

import (
	"fmt"
	"log"
	"os"
	"runtime"
	"strings"
	"time"

	"github.com/errcat/errcat/catalog"
)

func main() {
	if len(os.Args) != 2 {
		log.Fatal("usage: loadcat DIR")
	}
	var before runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	start := time.Now()
	c, err := catalog.LoadDir(os.Args[1])
	took := time.Since(start)
	if err != nil {
		// Synthetic catalogs load: their broken entries are lint findings.
		log.Fatal(err)
	}
	messages := 0
	for _, l := range c.Locales() {
		messages += l.Translated
	}
	var after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&after)
	heap := after.HeapAlloc - before.HeapAlloc
	fmt.Printf("load %.2fs  messages %d  heap %d MiB  %d bytes/message  peak RSS %s\n",
		took.Seconds(), messages, heap>>20, int(heap)/max(messages, 1), peakRSS())
	runtime.KeepAlive(c)
}

// peakRSS reads the process's high-water resident set from /proc.
func peakRSS() string {
	data, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return "?"
	}
	for _, line := range strings.Split(string(data), "\n") {
		if v, ok := strings.CutPrefix(line, "VmHWM:"); ok {
			return strings.TrimSpace(v)
		}
	}
	return "?"
}
