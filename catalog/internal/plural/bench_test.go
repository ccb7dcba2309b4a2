package plural_test

import (
	"testing"
	"time"

	"golang.org/x/text/feature/plural"
	"golang.org/x/text/language"

	ours "github.com/errcat/errcat/catalog/internal/plural"
)

var (
	benchTags = []language.Tag{language.English, language.French, language.Russian, language.MustParse("pt-BR")}
	sinkForm  ours.Form
	sinkX     plural.Form
)

// BenchmarkCardinal times one small integer's category, ours beside
// x/text's plural.Cardinal.MatchPlural on the same tags and values.
// "ratio" runs both in one benchmark and reports ours/x-text.
func BenchmarkCardinal(b *testing.B) {
	b.Run("errcat", benchOurs)
	b.Run("errcat-rules-once", benchOursResolved)
	b.Run("x-text", benchXText)
	b.Run("ratio", func(b *testing.B) {
		// Both loops in one benchmark, timed apart, so that the ratio
		// compares runs on the same machine state.
		start := time.Now()
		benchOursN(b.N)
		o := time.Since(start)
		start = time.Now()
		benchXTextN(b.N)
		x := time.Since(start)
		b.ReportMetric(float64(o.Nanoseconds())/float64(b.N), "errcat-ns/op")
		b.ReportMetric(float64(x.Nanoseconds())/float64(b.N), "x-text-ns/op")
		b.ReportMetric(float64(o)/float64(x), "errcat/x-text")
	})
}

func benchOurs(b *testing.B) { benchOursN(b.N) }

func benchOursN(n int) {
	for i := range n {
		ops, _ := ours.NewOperands(i & 1023)
		sinkForm = ours.Cardinal(benchTags[i&3], ops)
	}
}

func benchOursResolved(b *testing.B) {
	var rules [4]ours.Rules
	for i, t := range benchTags {
		rules[i] = ours.For(t)
	}
	b.ResetTimer()
	for i := range b.N {
		ops, _ := ours.NewOperands(i & 1023)
		sinkForm = rules[i&3].Cardinal(ops)
	}
}

func benchXText(b *testing.B) { benchXTextN(b.N) }

func benchXTextN(n int) {
	for i := range n {
		sinkX = plural.Cardinal.MatchPlural(benchTags[i&3], i&1023, 0, 0, 0, 0)
	}
}

func BenchmarkParseOperands(b *testing.B) {
	for _, s := range []string{"1", "1.50", "1.2c6", "123456789012345678901234567890.125"} {
		b.Run(s, func(b *testing.B) {
			for range b.N {
				if _, err := ours.ParseOperands(s); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// TestIntPathDoesNotAllocate pins the fast path a catalog takes for every
// count it renders.
func TestIntPathDoesNotAllocate(t *testing.T) {
	tag := language.MustParse("ru-RU")
	rules := ours.For(tag)
	n := 1000
	allocs := testing.AllocsPerRun(1000, func() {
		n++
		ops, err := ours.NewOperands(n)
		if err != nil {
			t.Fatal(err)
		}
		sinkForm = ours.Cardinal(tag, ops)
		sinkForm = ours.Ordinal(tag, ops)
		sinkForm = rules.Cardinal(ops)
		ops, _ = ours.NewOperands(int64(n) << 40)
		sinkForm = rules.Cardinal(ops)
		ops, _ = ours.NewOperands(uint64(n))
		sinkForm = rules.Cardinal(ops)
		ops, _ = ours.ParseOperands("1.5")
		sinkForm = rules.Cardinal(ops)
	})
	if allocs != 0 {
		t.Errorf("NewOperands(int) and Cardinal: %v allocations per run, want 0", allocs)
	}
}
