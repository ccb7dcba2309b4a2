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
		{"2 MiB live aims at the floor", 2 * mib, 700},
		{"3 MiB live, rounded down to a multiple of 50", 3 * mib, 400},
		{"a tiny heap is capped", 100 << 10, 1000},
	} {
		t.Run(tt.name, func(t *testing.T) {
			got := gcPercent(tt.live, 16*mib)
			if uint64(got) != tt.want {
				t.Errorf("gcPercent(%d, 16 MiB) = %d, want %d", tt.live, got, tt.want)
			}
			// The goal it gives is the floor or 2 × live, never less.
			if goal := tt.live * (100 + uint64(got)) / 100; goal < min(16*mib, 2*tt.live) && tt.live > 0 && got < 1000 {
				t.Errorf("goal %d under the floor", goal)
			}
		})
	}
}
