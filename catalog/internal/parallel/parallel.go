// Package parallel runs the per-bundle work of the loader and the tools on
// every core.
package parallel

import (
	"runtime"
	"sync"
)

// Each calls work(0) … work(n-1) on as many goroutines as there are
// processors, so that each holds one bundle at a time. Results are the
// caller's to place by index, so the outcome does not depend on scheduling.
func Each(n int, work func(i int)) {
	var wg sync.WaitGroup
	next := make(chan int)
	for range min(runtime.GOMAXPROCS(0), max(n, 1)) {
		wg.Go(func() {
			for i := range next {
				work(i)
			}
		})
	}
	for i := range n {
		next <- i
	}
	close(next)
	wg.Wait()
}
