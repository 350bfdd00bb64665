//go:build !race

package wpt

// raceEnabled reports whether the tests run under the race detector.
const raceEnabled = false
