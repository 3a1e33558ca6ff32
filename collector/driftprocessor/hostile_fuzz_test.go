package driftprocessor

import (
	"math"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	"go.opentelemetry.io/collector/pdata/pmetric"

	"github.com/statewatch/statewatch/collector/driftprocessor/internal/semconv"
)

// FuzzHugeCounts sends any two values (as float64 bits) from two instances into one bin, plus an
// ordinary count into another: no fleet gauge may be NaN, infinite or negative. This finds the
// overflow of two huge finite counts (the NaN PSI and negative window size) in seconds.
func FuzzHugeCounts(f *testing.F) {
	f.Add(math.Float64bits(1), math.Float64bits(2), false)
	f.Add(math.Float64bits(math.MaxFloat64), math.Float64bits(math.MaxFloat64), false)
	f.Add(math.Float64bits(1e19), math.Float64bits(3), true)
	f.Fuzz(func(t *testing.T, a, b uint64, delta bool) {
		h := newHarness(t, nil)
		start := t0.Add(-time.Minute)
		h.now = t0.Add(time.Second)
		temporality := cumulative
		if delta {
			temporality = pmetric.AggregationTemporalityDelta
		}
		h.consume(h.batch("pod-a", temporality, point{feature: "age", bin: "4", value: 10, start: start, ts: h.now}))
		for i, bits := range []uint64{a, b} {
			md := h.batch([]string{"pod-b", "pod-c"}[i], temporality, point{feature: "age", bin: "3", value: 0, start: start, ts: h.now})
			md.ResourceMetrics().At(0).ScopeMetrics().At(0).Metrics().At(0).Sum().DataPoints().At(0).SetDoubleValue(math.Float64frombits(bits))
			h.consume(md)
		}
		gauges := h.tick()
		requireSaneGauges(t, gauges)
		require.Contains(t, gauges[semconv.MetricFeaturePsi], "age", "the ordinary count still gives a PSI")
	})
}

// FuzzFutureTimestamps sends a cumulative point stamped at any offset from now, then a real
// point with a larger value ten seconds later: the real point's increase must always count.
// Without the clamp, an offset of more than ten seconds froze the series (the case).
func FuzzFutureTimestamps(f *testing.F) {
	f.Add(int64(0), uint32(5), uint32(3))
	f.Add(int64(3600), uint32(2), uint32(5))
	f.Add(int64(-120), uint32(1), uint32(1))
	f.Fuzz(func(t *testing.T, offsetSeconds int64, first, increase uint32) {
		offsetSeconds = max(min(offsetSeconds, 1e9), -1e9) // ±30 years keeps time arithmetic exact
		h := newHarness(t, nil)
		start := t0.Add(-time.Minute)
		h.now = t0
		stamp := t0.Add(time.Duration(offsetSeconds) * time.Second)
		h.consume(h.batch("pod-a", cumulative, point{feature: "device", bin: "mobile", value: float64(first), start: start, ts: stamp}))
		h.now = t0.Add(10 * time.Second)
		total := float64(first) + float64(increase)
		h.consume(h.batch("pod-a", cumulative, point{feature: "device", bin: "mobile", value: total, start: start, ts: h.now}))
		counted := h.window("device")[0]
		require.GreaterOrEqual(t, counted, float64(increase), "the real point's increase was lost (offset %ds)", offsetSeconds)
		require.LessOrEqual(t, counted, total)
	})
}
