package driftprocessor

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.opentelemetry.io/collector/pdata/pcommon"
	"go.opentelemetry.io/collector/pdata/pmetric"

	"github.com/statewatch/statewatch/collector/driftprocessor/internal/semconv"
)

// testdata/baseline-range.json: "amount" (numeric, with min and max) and "country" (US, DE,
// FR, all named), 10,000 reference values each; written by @statewatch/feature-drift's
// buildBaseline.
const rangeBaselinePath = "testdata/baseline-range.json"

func newRangeHarness(t *testing.T) *harness {
	t.Helper()
	h := newHarness(t, func(cfg *Config) { cfg.Baselines = append(cfg.Baselines, rangeBaselinePath) })
	b, err := loadBaseline(rangeBaselinePath)
	require.NoError(t, err)
	h.baseline = h.p.state.baselines[b.id]
	require.NotNil(t, h.baseline)
	return h
}

// withUnseen adds a statewatch.feature.unseen counter point per feature to a batch.
func (h *harness) withUnseen(md pmetric.Metrics, start, ts time.Time, values map[string]float64) pmetric.Metrics {
	m := md.ResourceMetrics().At(0).ScopeMetrics().At(0).Metrics().AppendEmpty()
	m.SetName(semconv.MetricFeatureUnseen)
	s := m.SetEmptySum()
	s.SetIsMonotonic(true)
	s.SetAggregationTemporality(cumulative)
	for feature, value := range values {
		dp := s.DataPoints().AppendEmpty()
		dp.Attributes().PutStr(semconv.AttrFeatureName, feature)
		dp.Attributes().PutStr(semconv.AttrFeatureBaseline, h.baseline.id)
		dp.SetIntValue(int64(value))
		dp.SetStartTimestamp(pcommon.NewTimestampFromTime(start))
		dp.SetTimestamp(pcommon.NewTimestampFromTime(ts))
	}
	return md
}

// fleetPoint is one emitted gauge point.
type fleetPoint struct {
	metric, feature, bin string
	value                float64
}

func (h *harness) tickAll() []fleetPoint {
	h.t.Helper()
	h.sink.Reset()
	require.NoError(h.t, h.p.tick(context.Background()))
	var out []fleetPoint
	for _, md := range h.sink.AllMetrics() {
		ms := md.ResourceMetrics().At(0).ScopeMetrics().At(0).Metrics()
		for k := 0; k < ms.Len(); k++ {
			m := ms.At(k)
			dps := m.Gauge().DataPoints()
			for l := 0; l < dps.Len(); l++ {
				dp := dps.At(l)
				name, _ := dp.Attributes().Get(semconv.AttrFeatureName)
				bin, _ := dp.Attributes().Get(semconv.AttrFeatureBin)
				scope, _ := dp.Attributes().Get(semconv.AttrDriftScope)
				require.Equal(h.t, semconv.AttrDriftScopeFleet, scope.Str())
				value := dp.DoubleValue()
				if dp.ValueType() == pmetric.NumberDataPointValueTypeInt {
					value = float64(dp.IntValue())
				}
				out = append(out, fleetPoint{m.Name(), name.Str(), bin.Str(), value})
			}
		}
	}
	return out
}

func pick(points []fleetPoint, metric, feature string) []fleetPoint {
	var out []fleetPoint
	for _, p := range points {
		if p.metric == metric && p.feature == feature {
			out = append(out, p)
		}
	}
	return out
}

func TestFleetNewCategoryAcrossInstances(t *testing.T) {
	h := newRangeHarness(t)
	start := t0.Add(-time.Minute)
	h.now = t0
	// Calm: two instances, shares like the reference, nothing in __other__.
	h.consume(h.batch("pod-a", cumulative,
		point{feature: "country", bin: "US", value: 330, start: start, ts: h.now},
		point{feature: "country", bin: "DE", value: 340, start: start, ts: h.now},
		point{feature: "country", bin: "FR", value: 330, start: start, ts: h.now}))
	h.consume(h.batch("pod-b", cumulative,
		point{feature: "country", bin: "US", value: 340, start: start, ts: h.now},
		point{feature: "country", bin: "DE", value: 330, start: start, ts: h.now},
		point{feature: "country", bin: "FR", value: 330, start: start, ts: h.now}))
	points := h.tickAll()
	share := pick(points, semconv.MetricFeatureUnseenShare, "country")
	critical := pick(points, semconv.MetricFeatureUnseenShareCritical, "country")
	require.Len(t, share, 1)
	require.Len(t, critical, 1)
	spec := h.baseline.features["country"]
	wantCritical, _ := unseenCritical(spec.referenceOutside(), spec.referenceSize, 1, 2000)
	assert.Equal(t, 0.0, share[0].value)
	assert.Equal(t, wantCritical, critical[0].value)
	// Calm: the top terms are a part of a PSI under its critical value.
	calmTerms := 0.0
	for _, p := range pick(points, semconv.MetricFeaturePsiContribution, "country") {
		calmTerms += p.value
	}
	calmPSI := pick(points, semconv.MetricFeaturePsi, "country")[0].value
	assert.Less(t, calmPSI, pick(points, semconv.MetricFeaturePsiCritical, "country")[0].value)
	assert.LessOrEqual(t, calmTerms, calmPSI+1e-15)

	// 1% of new categories, spread over both instances: alone each is 12 values in 1,000.
	h.now = t0.Add(30 * time.Second)
	h.consume(h.batch("pod-a", cumulative, point{feature: "country", bin: "__other__", value: 12, start: start, ts: h.now}))
	h.consume(h.batch("pod-b", cumulative, point{feature: "country", bin: "__other__", value: 12, start: start, ts: h.now}))
	points = h.tickAll()
	got := pick(points, semconv.MetricFeatureUnseenShare, "country")[0].value
	assert.Equal(t, 24.0/2024, got)
	assert.Greater(t, got, pick(points, semconv.MetricFeatureUnseenShareCritical, "country")[0].value, "new values")

	// The bin that moved most is __other__, with both shares beside it.
	top := pick(points, semconv.MetricFeaturePsiContribution, "country")
	require.NotEmpty(t, top)
	assert.LessOrEqual(t, len(top), fleetTopBins)
	assert.Equal(t, featureBinOther, top[0].bin)
	combined := bins(670, 670, 660, 24)
	terms := topContributions(spec.reference, combined, fleetTopBins)
	for i, p := range top {
		assert.InDelta(t, terms[i].contribution, p.value, 1e-15)
	}
	shares := pick(points, semconv.MetricFeatureBinShare, "country")
	references := pick(points, semconv.MetricFeatureBinShareReference, "country")
	require.Len(t, shares, len(top))
	assert.Equal(t, smoothedProportions(combined)[3], shares[0].value)
	assert.Equal(t, smoothedProportions(spec.reference)[3], references[0].value)
}

func TestFleetNumbersOutsideTheRange(t *testing.T) {
	h := newRangeHarness(t)
	start := t0.Add(-time.Minute)
	h.now = t0
	obs := func(pod string, v0, v4 float64) pmetric.Metrics {
		return h.batch(pod, cumulative,
			point{feature: "amount", bin: "0", value: v0, start: start, ts: h.now},
			point{feature: "amount", bin: "1", value: 200, start: start, ts: h.now},
			point{feature: "amount", bin: "2", value: 200, start: start, ts: h.now},
			point{feature: "amount", bin: "3", value: 200, start: start, ts: h.now},
			point{feature: "amount", bin: "4", value: v4, start: start, ts: h.now})
	}
	h.consume(h.withUnseen(obs("pod-a", 200, 200), start, h.now, map[string]float64{"amount": 0}))
	h.consume(h.withUnseen(obs("pod-b", 200, 200), start, h.now, map[string]float64{"amount": 1}))
	points := h.tickAll()
	share := pick(points, semconv.MetricFeatureUnseenShare, "amount")
	require.Len(t, share, 1)
	assert.Equal(t, 1.0/2000, share[0].value)
	assert.LessOrEqual(t, share[0].value, pick(points, semconv.MetricFeatureUnseenShareCritical, "amount")[0].value, "one value beyond the extremes is calm")

	h.now = t0.Add(30 * time.Second)
	h.consume(h.withUnseen(obs("pod-a", 200, 230), start, h.now, map[string]float64{"amount": 30}))
	points = h.tickAll()
	share = pick(points, semconv.MetricFeatureUnseenShare, "amount")
	assert.Equal(t, 31.0/2030, share[0].value)
	assert.Greater(t, share[0].value, pick(points, semconv.MetricFeatureUnseenShareCritical, "amount")[0].value)
}

func TestFleetNoNumericSignalWithoutRange(t *testing.T) {
	h := newHarness(t, nil) // the scoring baseline: written without min/max
	start := t0.Add(-time.Minute)
	h.now = t0
	h.consume(h.batch("pod-a", cumulative,
		point{feature: "age", bin: "0", value: 10, start: start, ts: h.now},
		point{feature: "device", bin: "mobile", value: 10, start: start, ts: h.now}))
	points := h.tickAll()
	assert.Empty(t, pick(points, semconv.MetricFeatureUnseenShare, "age"))
	assert.Len(t, pick(points, semconv.MetricFeatureUnseenShare, "device"), 1)
}

func TestUnseenCounterStopsHereByDefault(t *testing.T) {
	h := newRangeHarness(t)
	h.p.cfg.PassThroughCounters = false
	start := t0.Add(-time.Minute)
	h.now = t0
	md := h.withUnseen(h.batch("pod-a", cumulative, point{feature: "amount", bin: "0", value: 5, start: start, ts: h.now}), start, h.now, map[string]float64{"amount": 2})
	removeFeatureCounters(md)
	assert.Equal(t, 0, md.ResourceMetrics().Len(), "observation, missing and unseen counters are all taken out")
}
