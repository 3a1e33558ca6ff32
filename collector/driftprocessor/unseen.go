package driftprocessor

import "math"

// The "new values" signal of docs/drift-math.md ("New values"), the same formulas as
// @statewatch/feature-drift's src/math/unseen.ts; the shared vectors check both.
const (
	// unseenFalseAlarm is how often calm data exceeds the critical share (at most).
	unseenFalseAlarm = 0.01
	// unseenExactWindowLimit: larger windows use the critical share of a window this size.
	unseenExactWindowLimit = 100_000
	// truncatedReferenceWeight weighs a categorical reference whose __other__ bin is not empty:
	// its kept categories were chosen on the same sample, which biases __other__ low.
	truncatedReferenceWeight = 0.5
	// negligibleWeight ends a walk away from the bulk of the distribution.
	negligibleWeight = 1e-17
)

// unseenOpenEnds is the number of ways a value can be new: 2 for a numeric feature (below the
// minimum, above the maximum), 1 for a categorical one (outside the named categories).
func unseenOpenEnds(kind string) int {
	if kind == featureNumeric {
		return 2
	}
	return 1
}

// unseenReferenceShare is the smoothed reference share of new values, (r + e) / (M + 1).
func unseenReferenceShare(referenceOutside, referenceSize float64, openEnds int) float64 {
	return (referenceOutside + float64(openEnds)) / (referenceSize + 1)
}

// unseenCritical is the 99th percentile of the count of new values in a window of n values,
// as a share of n, under beta-binomial(n, r + e, M − r + 1 − e); ok is false when n or M is 0.
func unseenCritical(referenceOutside, referenceSize float64, openEnds int, windowSize float64) (float64, bool) {
	if !(windowSize > 0) || !(referenceSize > 0) {
		return 0, false
	}
	n := math.Min(math.Floor(windowSize), unseenExactWindowLimit)
	weight := 1.0
	if openEnds == 1 && referenceOutside > 0 {
		weight = truncatedReferenceWeight
	}
	e := float64(openEnds)
	a := weight * (referenceOutside + e)
	b := math.Max(weight*(referenceSize-referenceOutside+1-e), 0.5)
	return betaBinomialUpperQuantile(n, a, b, unseenFalseAlarm) / n, true
}

// betaBinomialUpperQuantile is the smallest k with P(X > k) <= tail for X ~ beta-binomial(n,
// a, b): unnormalised weights from floor(mean) outwards by the ratio of consecutive terms,
// summed in ascending k, operation for operation as in TypeScript.
func betaBinomialUpperQuantile(n, a, b, tail float64) float64 {
	start := math.Min(n, math.Floor((n*a)/(a+b)))
	up := []float64{1}
	total := 1.0
	for k, w := start, 1.0; k < n; k++ {
		next := (w * ((n - k) * (k + a))) / ((k + 1) * (n - k - 1 + b))
		up = append(up, next)
		total += next
		if next < w && next < negligibleWeight*total {
			break
		}
		w = next
	}
	var down []float64
	for k, w := start, 1.0; k > 0; k-- {
		next := (w * (k * (n - k + b))) / ((n - k + 1) * (k - 1 + a))
		down = append(down, next)
		total += next
		if next < w && next < negligibleWeight*total {
			break
		}
		w = next
	}
	sum := 0.0
	for i := len(down) - 1; i >= 0; i-- {
		sum += down[i]
	}
	for _, w := range up {
		sum += w
	}
	limit := tail * sum
	upper := 0.0
	for i := len(up) - 1; i >= 0; i-- {
		if upper+up[i] > limit {
			return start + float64(i)
		}
		upper += up[i]
	}
	for i, w := range down {
		if upper+w > limit {
			return start - 1 - float64(i)
		}
		upper += w
	}
	return 0
}

// unseenSignal is the new-value signal of one window.
type unseenSignal struct {
	count, share, critical float64
	newValues              bool
}

// unseenOf computes the signal of a window of n values, outside of them new; ok is false for
// an empty window.
func unseenOf(spec *featureSpec, outside, n float64) (unseenSignal, bool) {
	critical, ok := unseenCritical(spec.referenceOutside(), spec.referenceSize, unseenOpenEnds(spec.kind), n)
	if !ok {
		return unseenSignal{}, false
	}
	share := outside / n
	return unseenSignal{count: outside, share: share, critical: critical, newValues: share > critical}, true
}

// referenceOutside is r: the reference values outside the reference (a categorical feature's
// __other__ count; 0 for a numeric one, whose min and max are reference values).
func (f *featureSpec) referenceOutside() float64 {
	if f.kind == featureCategorical {
		return f.reference[len(f.reference)-1]
	}
	return 0
}

// tracksUnseen is false for a numeric feature of a baseline without min and max.
func (f *featureSpec) tracksUnseen() bool {
	return f.kind == featureCategorical || f.hasRange
}
