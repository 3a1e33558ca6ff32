package driftprocessor

import (
	"context"
	"math"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.opentelemetry.io/collector/pdata/pcommon"
	"go.opentelemetry.io/collector/pdata/pmetric"
	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/sdk/metric/metricdata"
	"go.opentelemetry.io/otel/sdk/metric/metricdata/metricdatatest"

	"github.com/statewatch/statewatch/collector/driftprocessor/internal/metadatatest"
	"github.com/statewatch/statewatch/collector/driftprocessor/internal/semconv"
)

const cumulative = pmetric.AggregationTemporalityCumulative

func bins(values ...float64) []float64 { return values }

func TestCumulativeCountersMergeAcrossInstances(t *testing.T) {
	h := newHarness(t, nil)
	start := t0.Add(-time.Minute) // the counters started inside the window: all of it is recent
	h.now = t0.Add(10 * time.Second)
	h.consume(h.batch("pod-a", cumulative,
		point{feature: "device", bin: "mobile", value: 6, start: start, ts: h.now},
		point{feature: "device", bin: "desktop", value: 3, start: start, ts: h.now},
		point{feature: "device", value: 2, start: start, ts: h.now}))
	h.consume(h.batch("pod-b", cumulative,
		point{feature: "device", bin: "mobile", value: 4, start: start, ts: h.now},
		point{feature: "device", bin: "__other__", value: 1, start: start, ts: h.now}))
	assert.Equal(t, bins(10, 3, 0, 1), h.window("device"))
	assert.Equal(t, 2.0, h.missingInWindow("device"))

	h.now = h.now.Add(time.Minute)
	h.consume(h.batch("pod-a", cumulative,
		point{feature: "device", bin: "mobile", value: 16, start: start, ts: h.now},
		point{feature: "device", bin: "desktop", value: 3, start: start, ts: h.now}))
	h.consume(h.batch("pod-b", cumulative,
		point{feature: "device", bin: "tablet", value: 5, start: start, ts: h.now}))
	assert.Equal(t, bins(20, 3, 5, 1), h.window("device"), "deltas of each instance add up")
}

func TestFirstPointOfAnOldCounterOnlySetsLast(t *testing.T) {
	h := newHarness(t, nil)
	h.now = t0
	longAgo := t0.Add(-3 * time.Hour)
	h.consume(h.batch("pod-a", cumulative, point{feature: "device", bin: "mobile", value: 1000, start: longAgo, ts: h.now}))
	assert.Equal(t, bins(0, 0, 0, 0), h.window("device"), "three hours of history must not land in the newest bucket")
	h.now = t0.Add(30 * time.Second)
	h.consume(h.batch("pod-a", cumulative, point{feature: "device", bin: "mobile", value: 1007, start: longAgo, ts: h.now}))
	assert.Equal(t, bins(7, 0, 0, 0), h.window("device"))
}

func TestCounterResets(t *testing.T) {
	h := newHarness(t, nil)
	longAgo := t0.Add(-3 * time.Hour)
	h.now = t0
	h.consume(h.batch("pod-a", cumulative, point{feature: "device", bin: "mobile", value: 500, start: longAgo, ts: h.now}))
	h.now = t0.Add(10 * time.Second)
	h.consume(h.batch("pod-a", cumulative, point{feature: "device", bin: "mobile", value: 510, start: longAgo, ts: h.now}))
	require.Equal(t, bins(10, 0, 0, 0), h.window("device"))

	// The process restarted: the value fell, so all of it is new.
	restart := t0.Add(15 * time.Second)
	h.now = t0.Add(20 * time.Second)
	h.consume(h.batch("pod-a", cumulative, point{feature: "device", bin: "mobile", value: 4, start: restart, ts: h.now}))
	assert.Equal(t, bins(14, 0, 0, 0), h.window("device"), "value < last counts the value itself")

	// Restarted again and already past the old value: the later start time reveals the reset.
	restart2 := t0.Add(25 * time.Second)
	h.now = t0.Add(40 * time.Second)
	h.consume(h.batch("pod-a", cumulative, point{feature: "device", bin: "mobile", value: 9, start: restart2, ts: h.now}))
	assert.Equal(t, bins(23, 0, 0, 0), h.window("device"), "a later start time is a reset too")
}

func TestRepeatedAndOutOfOrderPointsCountOnce(t *testing.T) {
	h := newHarness(t, nil)
	start := t0.Add(-time.Minute)
	h.now = t0.Add(20 * time.Second)
	second := h.batch("pod-a", cumulative, point{feature: "device", bin: "mobile", value: 8, start: start, ts: t0.Add(20 * time.Second)})
	h.consume(second)
	h.consume(second) // an exporter retry
	h.consume(h.batch("pod-a", cumulative, point{feature: "device", bin: "mobile", value: 5, start: start, ts: t0.Add(10 * time.Second)}))
	assert.Equal(t, bins(8, 0, 0, 0), h.window("device"))
}

func TestDeltaTemporalityAddsValues(t *testing.T) {
	h := newHarness(t, nil)
	h.now = t0.Add(5 * time.Second)
	for i := 0; i < 3; i++ {
		h.consume(h.batch("pod-a", pmetric.AggregationTemporalityDelta,
			point{feature: "device", bin: "tablet", value: 2, start: h.now.Add(-time.Second), ts: h.now}))
	}
	assert.Equal(t, bins(0, 0, 6, 0), h.window("device"))
	h.p.mu.Lock()
	assert.Empty(t, h.p.state.instances, "delta points need no per-instance state")
	h.p.mu.Unlock()
}

func TestWindowSlidesBySubWindow(t *testing.T) {
	h := newHarness(t, nil)          // 15m of 15 one-minute buckets
	h.now = t0.Add(30 * time.Minute) // the window is buckets 16…30
	delta := pmetric.AggregationTemporalityDelta
	h.consume(h.batch("pod-a", delta,
		point{feature: "device", bin: "mobile", value: 1, ts: t0.Add(15*time.Minute + 59*time.Second)}, // bucket 15: too old
		point{feature: "device", bin: "mobile", value: 10, ts: t0.Add(16 * time.Minute)},               // bucket 16: the oldest kept
		point{feature: "device", bin: "desktop", value: 100, ts: t0.Add(29*time.Minute + 59*time.Second)},
		point{feature: "device", bin: "tablet", value: 1000, ts: t0.Add(31 * time.Minute)}, // from the future: counted now
	))
	assert.Equal(t, bins(10, 100, 1000, 0), h.window("device"))
	metadatatest.AssertEqualProcessorDriftDroppedDataPoints(t, h.telemetry, []metricdata.DataPoint[int64]{
		{Value: 1, Attributes: attribute.NewSet(attribute.String("reason", "too_old"))},
	}, metricdatatest.IgnoreTimestamp())

	h.now = t0.Add(30*time.Minute + 59*time.Second)
	assert.Equal(t, bins(10, 100, 1000, 0), h.window("device"), "bucket 16 is in the window until 31m")
	h.now = t0.Add(31 * time.Minute)
	assert.Equal(t, bins(0, 100, 1000, 0), h.window("device"))
	h.now = t0.Add(44 * time.Minute)
	assert.Equal(t, bins(0, 0, 1000, 0), h.window("device"), "bucket 29 left at 44m, bucket 30 stays until 45m")
	h.now = t0.Add(45 * time.Minute)
	assert.Equal(t, bins(0, 0, 0, 0), h.window("device"))
}

func TestTickEmitsFleetPSIOfTheMergedWindow(t *testing.T) {
	h := newHarness(t, nil)
	start := t0.Add(-time.Minute)
	h.now = t0
	h.consume(h.batch("pod-a", cumulative,
		point{feature: "device", bin: "mobile", value: 30, start: start, ts: h.now},
		point{feature: "device", bin: "desktop", value: 50, start: start, ts: h.now}))
	h.consume(h.batch("pod-b", cumulative,
		point{feature: "device", bin: "mobile", value: 20, start: start, ts: h.now},
		point{feature: "device", bin: "__other__", value: 7, start: start, ts: h.now}))
	gauges := h.tick()

	spec := h.baseline.features["device"]
	combined := bins(50, 50, 0, 7)
	wantPSI, ok := psi(spec.reference, combined)
	require.True(t, ok)
	wantCritical, _ := psiCritical(spec.referenceSize, 107, spec.bins())
	got := gauges[semconv.MetricFeaturePsi]["device"]
	assert.InDelta(t, wantPSI, got.DoubleValue(), 1e-12)
	assert.InDelta(t, wantCritical, gauges[semconv.MetricFeaturePsiCritical]["device"].DoubleValue(), 1e-12)
	assert.Equal(t, int64(107), gauges[semconv.MetricFeatureWindowObservations]["device"].IntValue())
	baselineAttr, _ := got.Attributes().Get(semconv.AttrFeatureBaseline)
	assert.Equal(t, h.baseline.id, baselineAttr.Str())
	assert.Len(t, gauges[semconv.MetricFeaturePsi], 1, "only features that reported are emitted")

	// Each instance alone has a different PSI than the fleet.
	podA, _ := psi(spec.reference, bins(30, 50, 0, 0))
	assert.NotEqual(t, podA, got.DoubleValue())

	// When the window empties, only the window size (0) is reported.
	h.now = t0.Add(20 * time.Minute)
	gauges = h.tick()
	assert.Empty(t, gauges[semconv.MetricFeaturePsi])
	assert.Equal(t, int64(0), gauges[semconv.MetricFeatureWindowObservations]["device"].IntValue())
}

func TestUnknownBaselineFeatureAndBinAreCountedAndDropped(t *testing.T) {
	h := newHarness(t, nil)
	h.now = t0
	start := t0.Add(-time.Minute)
	h.consume(h.batch("pod-a", cumulative,
		point{feature: "device", bin: "mobile", value: 1, start: start, ts: h.now, baseline: "000000000000"},
		point{feature: "device", bin: "mobile", value: 1, start: start, ts: h.now, baseline: "000000000000"},
		point{feature: "shoe_size", bin: "3", value: 1, start: start, ts: h.now},
		point{feature: "device", bin: "smartwatch", value: 1, start: start, ts: h.now},
		point{feature: "age", bin: "11", value: 1, start: start, ts: h.now}, // age has bins 0…10
		point{feature: "device", bin: "mobile", value: 1, start: start, ts: h.now},
	))
	assert.Equal(t, bins(1, 0, 0, 0), h.window("device"))
	metadatatest.AssertEqualProcessorDriftDroppedDataPoints(t, h.telemetry, []metricdata.DataPoint[int64]{
		{Value: 2, Attributes: attribute.NewSet(attribute.String("reason", "unknown_baseline"))},
		{Value: 1, Attributes: attribute.NewSet(attribute.String("reason", "unknown_feature"))},
		{Value: 2, Attributes: attribute.NewSet(attribute.String("reason", "unknown_bin"))},
	}, metricdatatest.IgnoreTimestamp())
}

func TestEverythingElsePassesThroughUntouched(t *testing.T) {
	h := newHarness(t, nil)
	md := h.batch("pod-a", cumulative, point{feature: "device", bin: "mobile", value: 3, start: t0, ts: t0})
	ms := md.ResourceMetrics().At(0).ScopeMetrics().At(0).Metrics()
	other := ms.AppendEmpty()
	other.SetName(semconv.MetricGcAllocated)
	other.SetEmptySum().DataPoints().AppendEmpty().SetIntValue(42)
	gauge := ms.AppendEmpty()
	gauge.SetName(semconv.MetricFeatureObservations) // the right name with the wrong type
	gauge.SetEmptyGauge().DataPoints().AppendEmpty().SetDoubleValue(1)
	before := pmetric.NewMetrics()
	md.CopyTo(before)
	h.consume(md)
	assert.Equal(t, before, md)
	metadatatest.AssertEqualProcessorDriftDroppedDataPoints(t, h.telemetry, []metricdata.DataPoint[int64]{
		{Value: 1, Attributes: attribute.NewSet(attribute.String("reason", "not_a_counter"))},
	}, metricdatatest.IgnoreTimestamp())
}

func TestFeatureAndBaselineCaps(t *testing.T) {
	h := newHarness(t, func(c *Config) {
		c.Baselines = []string{testBaselinePath, "testdata/baseline-small.json"}
		c.MaxFeatures = 2
		c.MaxBaselines = 2
	})
	small, err := loadBaseline("testdata/baseline-small.json")
	require.NoError(t, err)
	h.now = t0
	start := t0.Add(-time.Minute)
	h.consume(h.batch("pod-a", cumulative,
		point{feature: "device", bin: "mobile", value: 1, start: start, ts: h.now},
		point{feature: "age", bin: "0", value: 1, start: start, ts: h.now},
		point{feature: "income", bin: "0", value: 1, start: start, ts: h.now}, // third feature: over the cap
		point{feature: "age", bin: "0", value: 1, start: start, ts: h.now, baseline: small.id},
	))
	metadatatest.AssertEqualProcessorDriftDroppedDataPoints(t, h.telemetry, []metricdata.DataPoint[int64]{
		{Value: 2, Attributes: attribute.NewSet(attribute.String("reason", "feature_cap"))},
	}, metricdatatest.IgnoreTimestamp())

	h2 := newHarness(t, func(c *Config) {
		c.Baselines = []string{testBaselinePath, "testdata/baseline-small.json"}
		c.MaxBaselines = 2
	})
	h2.p.state.maxBaselines = 1 // config needs room for both files; the tracked cap is what we test
	h2.now = t0
	h2.consume(h2.batch("pod-a", cumulative,
		point{feature: "device", bin: "mobile", value: 1, start: start, ts: h2.now},
		point{feature: "age", bin: "0", value: 1, start: start, ts: h2.now, baseline: small.id},
		point{feature: "age", bin: "1", value: 1, start: start, ts: h2.now}))
	metadatatest.AssertEqualProcessorDriftDroppedDataPoints(t, h2.telemetry, []metricdata.DataPoint[int64]{
		{Value: 1, Attributes: attribute.NewSet(attribute.String("reason", "baseline_cap"))},
	}, metricdatatest.IgnoreTimestamp())
}

func TestInstanceCapAndStalenessEviction(t *testing.T) {
	h := newHarness(t, func(c *Config) {
		c.MaxInstances = 2
		c.InstanceTTL = 2 * time.Minute
	})
	start := t0.Add(-time.Minute)
	h.now = t0
	for _, pod := range []string{"pod-a", "pod-b", "pod-c"} {
		h.consume(h.batch(pod, cumulative, point{feature: "device", bin: "mobile", value: 1, start: start, ts: h.now}))
	}
	assert.Equal(t, bins(2, 0, 0, 0), h.window("device"))
	metadatatest.AssertEqualProcessorDriftDroppedDataPoints(t, h.telemetry, []metricdata.DataPoint[int64]{
		{Value: 1, Attributes: attribute.NewSet(attribute.String("reason", "instance_cap"))},
	}, metricdatatest.IgnoreTimestamp())
	metadatatest.AssertEqualProcessorDriftTrackedInstances(t, h.telemetry, []metricdata.DataPoint[int64]{{Value: 2}}, metricdatatest.IgnoreTimestamp())

	// pod-a keeps reporting, pod-b goes quiet and is evicted; then pod-c fits.
	h.now = t0.Add(90 * time.Second)
	h.consume(h.batch("pod-a", cumulative, point{feature: "device", bin: "mobile", value: 2, start: start, ts: h.now}))
	h.now = t0.Add(150 * time.Second)
	h.tick()
	metadatatest.AssertEqualProcessorDriftEvictedInstances(t, h.telemetry, []metricdata.DataPoint[int64]{{Value: 1}}, metricdatatest.IgnoreTimestamp())
	h.consume(h.batch("pod-c", cumulative, point{feature: "device", bin: "mobile", value: 1, start: start, ts: h.now}))
	assert.Equal(t, bins(4, 0, 0, 0), h.window("device"))
	metadatatest.AssertEqualProcessorDriftTrackedInstances(t, h.telemetry, []metricdata.DataPoint[int64]{{Value: 2}}, metricdatatest.IgnoreTimestamp())
	metadatatest.AssertEqualProcessorDriftTrackedFeatures(t, h.telemetry, []metricdata.DataPoint[int64]{{Value: 1}}, metricdatatest.IgnoreTimestamp())

	// A feature whose window time has emptied is forgotten too.
	h.now = t0.Add(time.Hour)
	h.tick()
	metadatatest.AssertEqualProcessorDriftTrackedFeatures(t, h.telemetry, []metricdata.DataPoint[int64]{{Value: 0}}, metricdatatest.IgnoreTimestamp())
}

func TestLifecycleEmitsOnTheTicker(t *testing.T) {
	h := newHarness(t, func(c *Config) { c.EmitInterval = 10 * time.Millisecond })
	h.p.now = time.Now
	require.NoError(t, h.p.start(context.Background(), nil))
	t.Cleanup(func() { _ = h.p.shutdown(context.Background()) })
	now := time.Now()
	h.consume(h.batch("pod-a", cumulative, point{feature: "device", bin: "desktop", value: 9, start: now.Add(-time.Second), ts: now}))
	require.Eventually(t, func() bool { return h.sink.DataPointCount() >= 3 }, 5*time.Second, 5*time.Millisecond)
	require.NoError(t, h.p.shutdown(context.Background()))
}

func TestPointsWithoutAttributesOrWithImpossibleValuesAreCountedAndDropped(t *testing.T) {
	h := newHarness(t, nil)
	h.now = t0
	md := h.batch("pod-a", pmetric.AggregationTemporalityDelta,
		point{feature: "device", bin: "mobile", value: 2, ts: h.now})
	observations := md.ResourceMetrics().At(0).ScopeMetrics().At(0).Metrics().At(0).Sum().DataPoints()
	addPoint := func(drop string, value float64) {
		dp := observations.AppendEmpty()
		for key, v := range map[string]string{
			semconv.AttrFeatureName:     "device",
			semconv.AttrFeatureBin:      "desktop",
			semconv.AttrFeatureBaseline: h.baseline.id,
		} {
			if key != drop {
				dp.Attributes().PutStr(key, v)
			}
		}
		dp.SetDoubleValue(value)
		dp.SetTimestamp(pcommon.NewTimestampFromTime(h.now))
	}
	addPoint(semconv.AttrFeatureName, 1)
	addPoint(semconv.AttrFeatureBin, 1)
	addPoint(semconv.AttrFeatureBaseline, 1)
	addPoint("", math.NaN())
	addPoint("", math.Inf(1))
	addPoint("", -3)
	addPoint("", 0.5) // a delta need not be whole: it counts
	h.consume(md)
	assert.Equal(t, bins(2, 0.5, 0, 0), h.window("device"))
	metadatatest.AssertEqualProcessorDriftDroppedDataPoints(t, h.telemetry, []metricdata.DataPoint[int64]{
		{Value: 3, Attributes: attribute.NewSet(attribute.String("reason", "missing_attributes"))},
		{Value: 3, Attributes: attribute.NewSet(attribute.String("reason", "invalid_value"))},
	}, metricdatatest.IgnoreTimestamp())
}

func TestDeltaAndCumulativeInstancesMergeIntoOneWindow(t *testing.T) {
	h := newHarness(t, nil)
	start := t0.Add(-time.Minute)
	h.now = t0
	h.consume(h.batch("pod-a", cumulative, point{feature: "device", bin: "mobile", value: 4, start: start, ts: h.now}))
	h.consume(h.batch("pod-b", pmetric.AggregationTemporalityDelta, point{feature: "device", bin: "mobile", value: 3, ts: h.now}))
	h.now = t0.Add(30 * time.Second)
	h.consume(h.batch("pod-a", cumulative, point{feature: "device", bin: "mobile", value: 9, start: start, ts: h.now}))
	h.consume(h.batch("pod-b", pmetric.AggregationTemporalityDelta, point{feature: "device", bin: "mobile", value: 1, ts: h.now}))
	assert.Equal(t, bins(13, 0, 0, 0), h.window("device"), "9 from the cumulative instance, 3 + 1 from the delta one")
}

func TestUnspecifiedTemporalityIsNotACounter(t *testing.T) {
	h := newHarness(t, nil)
	h.now = t0
	h.consume(h.batch("pod-a", pmetric.AggregationTemporalityUnspecified,
		point{feature: "device", bin: "mobile", value: 4, start: t0, ts: h.now},
		point{feature: "device", value: 1, start: t0, ts: h.now}))
	assert.Equal(t, bins(0, 0, 0, 0), h.window("device"))
	metadatatest.AssertEqualProcessorDriftDroppedDataPoints(t, h.telemetry, []metricdata.DataPoint[int64]{
		{Value: 2, Attributes: attribute.NewSet(attribute.String("reason", "not_a_counter"))},
	}, metricdatatest.IgnoreTimestamp())
}
