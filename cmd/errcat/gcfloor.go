package main

import (
	"runtime"
	"runtime/debug"
	"runtime/metrics"
	"sync"
)

// heapFloor is the smallest heap goal errcat serve lets the collector aim
// for. With Go's default (GOGC=100, a 4 MiB minimum) a server whose live
// heap is the catalog, its caches and the status page templates, about 2 MiB,
// has about 2 MiB of headroom where a bare net/http handler has nearly 4:
// under load it collected almost twice as often a request, and each cycle
// marked more, which was most of the CPU a request it spent beyond the bare
// handler (docs/BENCHMARKS.md, section 5). 16 MiB costs little memory for a
// service; a catalog big enough to need more gets GOGC=100's goal, twice
// its live heap, as before.
const heapFloor = 16 << 20

// keepHeapFloor makes the collector's goal max(2 × live heap, heapFloor),
// adjusted after every collection, since a reload changes the live heap. A
// GOGC the operator set is left alone, and GOMEMLIMIT still caps the heap:
// the runtime collects early as the limit nears, whatever GOGC says.
// Only the first call does anything; tests run errcat serve many times in
// one process.
func keepHeapFloor(getenv func(string) string) {
	if getenv("GOGC") != "" {
		return
	}
	floorOnce.Do(func() {
		t := &gcTuner{sample: []metrics.Sample{{Name: "/gc/heap/live:bytes"}}, percent: 100}
		t.arm()
	})
}

var floorOnce sync.Once

type gcTuner struct {
	sample  []metrics.Sample
	percent int
}

// arm has the runtime call back after the next collection, by the cleanup of
// an object that becomes garbage at once.
func (t *gcTuner) arm() {
	// The object holds a pointer, so that it is not a tiny allocation,
	// whose cleanups may never run.
	runtime.AddCleanup(&struct{ p *byte }{}, func(t *gcTuner) { t.adjust(); t.arm() }, t)
}

func (t *gcTuner) adjust() {
	metrics.Read(t.sample)
	if t.sample[0].Value.Kind() != metrics.KindUint64 {
		return
	}
	if p := gcPercent(t.sample[0].Value.Uint64(), heapFloor); p != t.percent {
		t.percent = p
		debug.SetGCPercent(p)
	}
}

// gcPercent is the GOGC that gives a live heap of live bytes the goal
// max(2 × live, floor). The runtime's goal is the larger of live × (1 +
// GOGC/100) and its minimum heap, 4 MiB × GOGC/100: so GOGC = floor / 4 MiB
// × 100 (400 for 16 MiB) already gives the floor to any heap under a fifth
// of it, and a higher GOGC would raise the minimum past the floor. Between
// that and half the floor, GOGC falls so that live × (1 + GOGC/100) stays
// at the floor. It is rounded down to a multiple of 50, so that a heap
// that drifts a little does not change it after every cycle.
func gcPercent(live, floor uint64) int {
	if live == 0 || 2*live >= floor {
		return 100
	}
	p := (floor - live) * 100 / live
	p = min(p, floor*100/runtimeHeapMinimum) / 50 * 50
	return max(int(p), 100)
}

// runtimeHeapMinimum is the Go runtime's minimum heap goal at GOGC=100
// (defaultHeapMinimum in runtime/mgcpacer.go); it scales with GOGC.
const runtimeHeapMinimum = 4 << 20
