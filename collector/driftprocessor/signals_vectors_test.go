package driftprocessor

import (
	"encoding/json"
	"os"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The new-value and contribution parts of the shared vectors (format in
// packages/feature-drift/src/vectors/cases.ts), checked against the Go formulas.
type signalVectors struct {
	Tolerance struct {
		Relative float64 `json:"relative"`
	} `json:"tolerance"`
	BetaBinomialQuantile []struct {
		N, A, B, Tail, K float64
	} `json:"betaBinomialQuantile"`
	Unseen []struct {
		ReferenceOutside float64 `json:"referenceOutside"`
		ReferenceSize    float64 `json:"referenceSize"`
		OpenEnds         int     `json:"openEnds"`
		WindowSize       float64 `json:"windowSize"`
		Outside          float64 `json:"outside"`
		Expected         struct {
			ReferenceShare float64  `json:"referenceShare"`
			Critical       *float64 `json:"critical"`
			NewValues      *bool    `json:"newValues"`
		} `json:"expected"`
	} `json:"unseen"`
	Contributions []struct {
		Reference []float64 `json:"reference"`
		Current   []float64 `json:"current"`
		Count     int       `json:"count"`
		Expected  []struct {
			Bin            int     `json:"bin"`
			Contribution   float64 `json:"contribution"`
			Share          float64 `json:"share"`
			ReferenceShare float64 `json:"referenceShare"`
		} `json:"expected"`
	} `json:"contributions"`
}

func loadSignalVectors(t *testing.T) *signalVectors {
	t.Helper()
	data, err := os.ReadFile("testdata/psi_vectors.json")
	require.NoError(t, err)
	var v signalVectors
	require.NoError(t, json.Unmarshal(data, &v))
	require.NotEmpty(t, v.Unseen, "regenerate the vectors: npm run generate -w @statewatch/feature-drift")
	return &v
}

func TestVectorsBetaBinomialQuantile(t *testing.T) {
	v := loadSignalVectors(t)
	require.NotEmpty(t, v.BetaBinomialQuantile)
	for _, c := range v.BetaBinomialQuantile {
		assert.Equal(t, c.K, betaBinomialUpperQuantile(c.N, c.A, c.B, c.Tail), "n=%v a=%v b=%v", c.N, c.A, c.B)
	}
}

func TestVectorsUnseen(t *testing.T) {
	v := loadSignalVectors(t)
	for _, c := range v.Unseen {
		assertClose(t, c.Expected.ReferenceShare, unseenReferenceShare(c.ReferenceOutside, c.ReferenceSize, c.OpenEnds), v.Tolerance.Relative)
		critical, ok := unseenCritical(c.ReferenceOutside, c.ReferenceSize, c.OpenEnds, c.WindowSize)
		if c.Expected.Critical == nil {
			assert.False(t, ok, "window %v: no critical share", c.WindowSize)
			continue
		}
		require.True(t, ok)
		assertClose(t, *c.Expected.Critical, critical, v.Tolerance.Relative, "r=%v M=%v e=%v N=%v", c.ReferenceOutside, c.ReferenceSize, c.OpenEnds, c.WindowSize)
		assert.Equal(t, *c.Expected.NewValues, c.Outside/c.WindowSize > critical)
	}
}

func TestVectorsContributions(t *testing.T) {
	v := loadSignalVectors(t)
	require.NotEmpty(t, v.Contributions)
	for _, c := range v.Contributions {
		got := topContributions(c.Reference, c.Current, c.Count)
		require.Len(t, got, len(c.Expected), "reference %v current %v", c.Reference, c.Current)
		for i, want := range c.Expected {
			assert.Equal(t, want.Bin, got[i].bin)
			assertClose(t, want.Contribution, got[i].contribution, v.Tolerance.Relative)
			assertClose(t, want.Share, got[i].share, v.Tolerance.Relative)
			assertClose(t, want.ReferenceShare, got[i].refShare, v.Tolerance.Relative)
		}
	}
}

func TestBaselineRange(t *testing.T) {
	base := `{"type":"numeric","edges":[1],"counts":[1,1],"proportions":[0.5,0.5],"missing":0`
	fail := func(string, string, ...any) error { return assert.AnError }
	for body, want := range map[string]bool{
		base + `}`:                    false,
		base + `,"min":0,"max":2}`:    true,
		base + `,"min":3,"max":2}`:    false,
		base + `,"min":0}`:            false,
		base + `,"min":null,"max":2}`: false,
		base + `,"min":"0","max":2}`:  false,
	} {
		spec, err := parseFeature(json.RawMessage(body), "features.x", fail)
		if body == base+`}` {
			require.NoError(t, err)
			assert.False(t, spec.hasRange, "an old baseline has no range")
			continue
		}
		if want {
			require.NoError(t, err, body)
			assert.True(t, spec.hasRange)
		} else {
			assert.Error(t, err, body)
		}
	}
}
