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
