//go:build race

package server

// raceEnabled reports whether the race detector is on; tests that make a
// great many requests make fewer under it, which slows them several times.
const raceEnabled = true
