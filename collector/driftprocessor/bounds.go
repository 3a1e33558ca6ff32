package driftprocessor

import "math"

// saturatingInt64 converts a non-negative count to int64, saturating at math.MaxInt64 (a plain
// conversion of a float64 beyond the int64 range gives a negative number on amd64).
func saturatingInt64(v float64) int64 {
	switch {
	case !(v > 0):
		return 0
	case v >= math.MaxInt64:
		return math.MaxInt64
	default:
		return int64(v)
	}
}

// finiteNonNegative reports whether v may be exported as a PSI or critical-value gauge.
func finiteNonNegative(v float64) bool { return v >= 0 && !math.IsInf(v, 1) }
