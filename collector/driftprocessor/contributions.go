package driftprocessor

import "sort"

// binContribution is one bin's term of the PSI sum with the smoothed shares behind it.
type binContribution struct {
	bin                           int
	contribution, share, refShare float64
}

// topContributions returns the count bins with the largest positive PSI terms, largest first
// (ties: lower bin first), as @statewatch/feature-drift's topContributions.
func topContributions(reference, current []float64, count int) []binContribution {
	if count <= 0 || len(reference) != len(current) {
		return nil
	}
	shares := smoothedProportions(current)
	refShares := smoothedProportions(reference)
	var out []binContribution
	for i := range reference {
		term := psiTerm(refShares[i], shares[i])
		if term > 0 {
			out = append(out, binContribution{bin: i, contribution: term, share: shares[i], refShare: refShares[i]})
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].contribution > out[j].contribution })
	if len(out) > count {
		out = out[:count]
	}
	return out
}
