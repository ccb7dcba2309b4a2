// Package parallel runs the per-bundle work of the loader and the tools on
// every core.
package parallel

import (
	"fmt"
	"runtime"
	"runtime/debug"
	"sync"
)

// Each calls work(0) … work(n-1) on as many goroutines as there are
// processors, so that each holds one bundle at a time. Results are the
// caller's to place by index, so the outcome does not depend on scheduling.
//
// A panic in work does not crash the process from a goroutine no caller can
// recover in: the other calls still run, and Each then panics in the
// caller's goroutine with a *Panic, which the caller may recover.
func Each(n int, work func(i int)) {
	var (
		wg    sync.WaitGroup
		once  sync.Once
		first *Panic
	)
	next := make(chan int)
	for range min(runtime.GOMAXPROCS(0), max(n, 1)) {
		wg.Go(func() {
			for i := range next {
				func() {
					defer func() {
						if r := recover(); r != nil {
							once.Do(func() { first = &Panic{Value: r, Stack: debug.Stack()} })
						}
					}()
					work(i)
				}()
			}
		})
	}
	for i := range n {
		next <- i
	}
	close(next)
	wg.Wait()
	if first != nil {
		panic(first)
	}
}

// A Panic is a panic in one call of Each's work, carried to the caller.
type Panic struct {
	Value any
	Stack []byte // of the goroutine that panicked
}

func (p *Panic) Error() string { return fmt.Sprintf("%v", p.Value) }

// Ranges calls work(lo, hi) for contiguous pieces of [0, n), one piece per
// processor, each on its own goroutine, when n is at least least; below
// that, or on one processor, it calls work(0, n) itself. It is for one
// large bundle whose messages are built independently: results are the
// caller's to place by index, so the outcome does not depend on how [0, n)
// was cut. A panic reaches the caller as Each's does.
func Ranges(n, least int, work func(lo, hi int)) {
	k := runtime.GOMAXPROCS(0)
	if n < least || k < 2 {
		work(0, n)
		return
	}
	Each(k, func(i int) { work(i*n/k, (i+1)*n/k) })
}
