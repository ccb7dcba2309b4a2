package main

import "testing"

func TestGCPercent(t *testing.T) {
	const mib = 1 << 20
	for _, tt := range []struct {
		name       string
		live, want uint64
	}{
		{"no live heap measured yet keeps the default", 0, 100},
		{"a heap of half the floor or more keeps the default", 8 * mib, 100},
		{"a large catalog keeps the default", 400 * mib, 100},
		{"2 MiB live gets the floor from the runtime's minimum heap", 2 * mib, 400},
		{"a tiny heap too, and no more", 100 << 10, 400},
		{"4 MiB live aims at the floor", 4 * mib, 300},
		{"6 MiB live, rounded down to a multiple of 50", 6 * mib, 150},
	} {
		t.Run(tt.name, func(t *testing.T) {
			got := gcPercent(tt.live, 16*mib)
			if uint64(got) != tt.want {
				t.Errorf("gcPercent(%d, 16 MiB) = %d, want %d", tt.live, got, tt.want)
			}
			// The goal it gives, as the runtime reckons it, is at least
			// 2 × live and, rounding aside, the floor; the minimum heap
			// never exceeds the floor.
			minimum := uint64(runtimeHeapMinimum) * uint64(got) / 100
			goal := max(tt.live*(100+uint64(got))/100, minimum)
			if goal < 2*tt.live || minimum > 16*mib || tt.live > 0 && goal < 16*mib*9/10 {
				t.Errorf("goal %d MiB, minimum heap %d MiB", goal/mib, minimum/mib)
			}
		})
	}
}
