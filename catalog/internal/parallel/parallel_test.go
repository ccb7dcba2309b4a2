package parallel

import (
	"sync/atomic"
	"testing"
)

// A panic in one call reaches the caller, where it can be recovered, after
// every other call has run; it does not crash the process from a worker.
func TestEachCarriesAPanicToTheCaller(t *testing.T) {
	var ran atomic.Int64
	defer func() {
		p, ok := recover().(*Panic)
		if !ok || p.Value != "bundle 3" || len(p.Stack) == 0 {
			t.Fatalf("recovered %v, want the *Panic of call 3", p)
		}
		if n := ran.Load(); n != 9 {
			t.Fatalf("%d of the other 9 calls ran", n)
		}
	}()
	Each(10, func(i int) {
		if i == 3 {
			panic("bundle 3")
		}
		ran.Add(1)
	})
	t.Fatal("Each returned after a panic")
}

// Ranges covers [0, n) exactly once, however many processors cut it.
func TestRangesCoverEveryIndexOnce(t *testing.T) {
	for _, n := range []int{0, 1, 5, 999, 1000, 1001, 12345} {
		seen := make([]atomic.Int32, n)
		Ranges(n, 1000, func(lo, hi int) {
			for i := lo; i < hi; i++ {
				seen[i].Add(1)
			}
		})
		for i := range seen {
			if c := seen[i].Load(); c != 1 {
				t.Fatalf("n=%d: index %d covered %d times", n, i, c)
			}
		}
	}
}
