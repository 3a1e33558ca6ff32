package driftprocessor

import (
	"context"
	"errors"
	"math"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.opentelemetry.io/collector/pdata/pmetric"
	"go.opentelemetry.io/collector/processor/processorhelper"
	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/sdk/metric/metricdata"
	"go.opentelemetry.io/otel/sdk/metric/metricdata/metricdatatest"

	"github.com/statewatch/statewatch/collector/driftprocessor/internal/metadatatest"
	"github.com/statewatch/statewatch/collector/driftprocessor/internal/semconv"
)

// requireSaneGauges fails on a fleet gauge that is NaN, infinite or negative.
func requireSaneGauges(t *testing.T, gauges map[string]map[string]pmetric.NumberDataPoint) {
	t.Helper()
	for name, byFeature := range gauges {
		for feature, dp := range byFeature {
			v := dp.DoubleValue()
			if dp.ValueType() == pmetric.NumberDataPointValueTypeInt {
				v = float64(dp.IntValue())
			}
			require.False(t, math.IsNaN(v) || math.IsInf(v, 0) || v < 0, "%s{feature=%s} = %v", name, feature, v)
		}
	}
}

// The case: two huge but finite counter values used to overflow the window sum to +Inf,
// making the fleet PSI NaN and the window size negative (float64 → int64 of +Inf).
func TestHugeFiniteCountsAreImplausibleAndDropped(t *testing.T) {
	h := newHarness(t, nil)
	start := t0.Add(-time.Minute)
	h.now = t0
	h.consume(h.batch("pod-a", cumulative, point{feature: "age", bin: "3", value: 8, start: start, ts: h.now}))
	for _, instance := range []string{"pod-b", "pod-c"} {
		md := h.batch(instance, cumulative, point{feature: "age", bin: "3", value: 1, start: start, ts: h.now})
		md.ResourceMetrics().At(0).ScopeMetrics().At(0).Metrics().At(0).Sum().DataPoints().At(0).SetDoubleValue(math.MaxFloat64)
		h.consume(md)
	}
	assert.Equal(t, 8.0, sum(h.window("age")), "only the plausible count is in the window")
	gauges := h.tick()
	requireSaneGauges(t, gauges)
	assert.Equal(t, int64(8), gauges[semconv.MetricFeatureWindowObservations]["age"].IntValue())
	metadatatest.AssertEqualProcessorDriftDroppedDataPoints(t, h.telemetry, []metricdata.DataPoint[int64]{
		{Value: 2, Attributes: attribute.NewSet(attribute.String("reason", "implausible_value"))},
	}, metricdatatest.IgnoreTimestamp())

	// The series was re-based on the bogus value: sending it again counts nothing.
	h.now = t0.Add(10 * time.Second)
	md := h.batch("pod-b", cumulative, point{feature: "age", bin: "3", value: 1, start: start, ts: h.now})
	md.ResourceMetrics().At(0).ScopeMetrics().At(0).Metrics().At(0).Sum().DataPoints().At(0).SetDoubleValue(math.MaxFloat64)
	h.consume(md)
	assert.Equal(t, 8.0, sum(h.window("age")))
}

func TestWindowCountsSaturateInsteadOfOverflowing(t *testing.T) {
	h := newHarness(t, func(c *Config) { c.MaxPointIncrease = maxExactCount })
	h.now = t0.Add(30 * time.Second) // every point below lands in one sub-window
	for i := range 4 {
		h.consume(h.batch("pod-a", pmetric.AggregationTemporalityDelta,
			point{feature: "age", bin: "3", value: maxExactCount, ts: h.now.Add(-time.Duration(i) * time.Nanosecond)},
			point{feature: "age", bin: "4", value: maxExactCount, ts: h.now}))
	}
	assert.Equal(t, float64(maxExactCount), h.window("age")[3], "a sub-window's count stops at 2^53")
	gauges := h.tick()
	requireSaneGauges(t, gauges)
	assert.Equal(t, int64(2*maxExactCount), gauges[semconv.MetricFeatureWindowObservations]["age"].IntValue())
}

func TestSaturatingInt64(t *testing.T) {
	for _, c := range []struct {
		in   float64
		want int64
	}{{0, 0}, {-1, 0}, {math.NaN(), 0}, {41.9, 41}, {1e19, math.MaxInt64}, {math.Inf(1), math.MaxInt64}, {math.Inf(-1), 0}} {
		assert.Equal(t, c.want, saturatingInt64(c.in), "saturatingInt64(%v)", c.in)
	}
}

// The case: one point stamped in the future used to become the series' last timestamp,
// so every real point after it looked out of order and counted nothing until real time caught up.
func TestFutureTimestampsAreClampedToNow(t *testing.T) {
	h := newHarness(t, nil)
	start := t0.Add(-time.Minute)
	h.now = t0
	h.consume(h.batch("pod-a", cumulative, point{feature: "device", bin: "mobile", value: 10, start: start, ts: t0.Add(time.Hour)}))
	assert.Equal(t, bins(10, 0, 0, 0), h.window("device"), "a future point counts, in the current sub-window")
	h.now = t0.Add(30 * time.Second)
	h.consume(h.batch("pod-a", cumulative, point{feature: "device", bin: "mobile", value: 15, start: start, ts: h.now}))
	assert.Equal(t, bins(15, 0, 0, 0), h.window("device"), "the next real point is not frozen out")

	// A start time in the future is unknown: the first point only sets the last value (as for an
	// old counter), and the start time never poses as a reset.
	h.consume(h.batch("pod-b", cumulative, point{feature: "device", bin: "desktop", value: 4, start: t0.Add(time.Hour), ts: h.now}))
	h.now = t0.Add(40 * time.Second)
	h.consume(h.batch("pod-b", cumulative, point{feature: "device", bin: "desktop", value: 6, start: t0.Add(time.Hour), ts: h.now}))
	assert.Equal(t, bins(15, 2, 0, 0), h.window("device"))
}

func TestCountersStopHereByDefault(t *testing.T) {
	h := newHarness(t, func(c *Config) { c.PassThroughCounters = false })
	h.now = t0
	md := h.batch("pod-a", cumulative, point{feature: "device", bin: "mobile", value: 3, start: t0, ts: t0}, point{feature: "device", value: 1, start: t0, ts: t0})
	other := md.ResourceMetrics().At(0).ScopeMetrics().At(0).Metrics().AppendEmpty()
	other.SetName(semconv.MetricFeaturePsi)
	other.SetEmptyGauge().DataPoints().AppendEmpty().SetDoubleValue(0.02)
	out, err := h.p.consume(context.Background(), md)
	require.NoError(t, err)
	ms := out.ResourceMetrics().At(0).ScopeMetrics().At(0).Metrics()
	require.Equal(t, 1, ms.Len(), "only the instance's own gauge goes on")
	assert.Equal(t, semconv.MetricFeaturePsi, ms.At(0).Name())
	assert.Equal(t, bins(3, 0, 0, 0), h.window("device"), "the counters were counted before they were taken out")

	// A batch of nothing but counters leaves nothing to send on.
	_, err = h.p.consume(context.Background(), h.batch("pod-b", cumulative, point{feature: "device", bin: "mobile", value: 2, start: t0, ts: t0}))
	assert.True(t, errors.Is(err, processorhelper.ErrSkipProcessingData))
	assert.Equal(t, bins(5, 0, 0, 0), h.window("device"))
}

func TestSeriesCapBoundsTheState(t *testing.T) {
	b, err := loadBaseline(testBaselinePath)
	require.NoError(t, err)
	slots := 0 // an instance's series of the baseline: every bin, missing and unseen of every feature
	for _, spec := range b.features {
		slots += spec.bins() + extraColumns
	}
	h := newHarness(t, func(c *Config) { c.MaxSeries = 2 * slots }) // room for two instances
	start := t0.Add(-time.Minute)
	h.now = t0
	two := func(instance string) pmetric.Metrics {
		return h.batch(instance, cumulative,
			point{feature: "device", bin: "mobile", value: 1, start: start, ts: h.now},
			point{feature: "device", bin: "desktop", value: 1, start: start, ts: h.now})
	}
	h.consume(two("pod-a"))
	h.consume(two("pod-b"))
	h.consume(two("pod-c"))
	assert.Equal(t, bins(2, 2, 0, 0), h.window("device"), "the third instance is over the cap")
	metadatatest.AssertEqualProcessorDriftDroppedDataPoints(t, h.telemetry, []metricdata.DataPoint[int64]{
		{Value: 2, Attributes: attribute.NewSet(attribute.String("reason", "series_cap"))},
	}, metricdatatest.IgnoreTimestamp())

	// Evicting a silent instance frees its series for others.
	h.now = t0.Add(6 * time.Minute)
	h.consume(h.batch("pod-b", cumulative, point{feature: "device", bin: "mobile", value: 1, start: start, ts: h.now}))
	require.NoError(t, h.p.tick(context.Background()))
	h.consume(two("pod-c"))
	assert.Len(t, h.p.state.instances, 2, "pod-a was evicted, pod-c is in")
	assert.Equal(t, 2*slots, h.p.state.series)
}

// After a change of the replica set, the routing tier sends a feature to another replica; the
// old one must stop publishing its frozen fleet gauges once no point has come for instance_ttl.
func TestFeatureWithoutPointsForInstanceTTLIsForgotten(t *testing.T) {
	h := newHarness(t, nil) // instance_ttl 5m, window 15m
	start := t0.Add(-time.Minute)
	h.now = t0
	h.consume(h.batch("pod-a", cumulative,
		point{feature: "device", bin: "mobile", value: 5, start: start, ts: h.now},
		point{feature: "age", bin: "3", value: 5, start: start, ts: h.now}))
	for minute := 1; minute <= 6; minute++ {
		h.now = t0.Add(time.Duration(minute) * time.Minute)
		// Only device keeps arriving (unchanged counter: nothing new is counted).
		h.consume(h.batch("pod-a", cumulative, point{feature: "device", bin: "mobile", value: 5, start: start, ts: h.now}))
	}
	gauges := h.tick()
	assert.Contains(t, gauges[semconv.MetricFeaturePsi], "device", "an unchanged counter keeps its feature alive")
	assert.NotContains(t, gauges[semconv.MetricFeaturePsi], "age", "no point for 6 minutes: forgotten")
}
