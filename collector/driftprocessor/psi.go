package driftprocessor

import "math"

// The constants of docs/drift-math.md; @statewatch/feature-drift uses the same values.
const (
	// smoothingAlpha is the Jeffreys prior added to every bin on both sides.
	smoothingAlpha = 0.5
	// z99 is the standard normal 99th percentile (Wilson–Hilferty).
	z99 = 2.3263478740408408
	// psiWarnLevel and psiDriftLevel are the conventional PSI levels of the verdicts.
	psiWarnLevel  = 0.1
	psiDriftLevel = 0.25
)

func sum(counts []float64) float64 {
	total := 0.0
	for _, c := range counts {
		total += c
	}
	return total
}

// smoothedProportions returns the shares (c_i + 0.5) / (N + 0.5 B).
func smoothedProportions(counts []float64) []float64 {
	denominator := sum(counts) + smoothingAlpha*float64(len(counts))
	shares := make([]float64, len(counts))
	for i, c := range counts {
		shares[i] = (c + smoothingAlpha) / denominator
	}
	return shares
}

// psi is the Population Stability Index of current counts against reference counts, both
// smoothed; ok is false when the current window is empty. Both slices have one entry per bin.
func psi(reference, current []float64) (value float64, ok bool) {
	currentTotal := sum(current)
	if currentTotal == 0 || len(reference) != len(current) {
		return 0, false
	}
	bins := float64(len(reference))
	refDenominator := sum(reference) + smoothingAlpha*bins
	curDenominator := currentTotal + smoothingAlpha*bins
	total := 0.0
	for i := range reference {
		p := (reference[i] + smoothingAlpha) / refDenominator
		q := (current[i] + smoothingAlpha) / curDenominator
		total += psiTerm(p, q)
	}
	return total, true
}

// psiTerm is one bin's term of the PSI sum, (q − p) · ln(q / p), for smoothed shares p and q.
func psiTerm(p, q float64) float64 {
	return (q - p) * math.Log(q/p)
}

// chiSquare99 is the 99th percentile of χ²(k) by Wilson–Hilferty.
func chiSquare99(k int) float64 {
	kf := float64(k)
	a := 2 / (9 * kf)
	t := 1 - a + z99*math.Sqrt(a)
	return kf * t * t * t // a product, not Pow: the TypeScript side multiplies too, bit for bit

}

// psiCritical is (1/M + 1/N) · chi2_99(B − 1); ok is false when M or N is not positive.
func psiCritical(referenceSize, windowSize float64, bins int) (value float64, ok bool) {
	if !(windowSize > 0) || !(referenceSize > 0) || bins < 2 {
		return 0, false
	}
	return (1/referenceSize + 1/windowSize) * chiSquare99(bins-1), true
}

// verdict is "drift" above max(0.25, critical), "warn" above max(0.1, critical), else "ok".
func verdict(psiValue, critical float64) string {
	switch {
	case psiValue > math.Max(psiDriftLevel, critical):
		return "drift"
	case psiValue > math.Max(psiWarnLevel, critical):
		return "warn"
	default:
		return "ok"
	}
}
