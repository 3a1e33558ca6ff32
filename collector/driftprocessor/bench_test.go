package driftprocessor

import (
	"context"
	"encoding/json"
	"fmt"
	"strconv"
	"testing"
	"time"

	"go.opentelemetry.io/collector/component/componenttest"
	"go.opentelemetry.io/collector/consumer/consumertest"
	"go.opentelemetry.io/collector/pdata/pcommon"
	"go.opentelemetry.io/collector/pdata/pmetric"
	"go.opentelemetry.io/collector/processor/processortest"

	"github.com/statewatch/statewatch/collector/driftprocessor/internal/metadata"
	"github.com/statewatch/statewatch/collector/driftprocessor/internal/metadatatest"
	"github.com/statewatch/statewatch/collector/driftprocessor/internal/semconv"
)

// benchProcessor is a processor with no-op telemetry, as in a collector with telemetry off.
func benchProcessor(b *testing.B) (*driftProcessor, *baseline) {
	b.Helper()
	cfg := createDefaultConfig().(*Config)
	cfg.Baselines = []string{testBaselinePath}
	// The same batch is consumed again and again: it must come out whole.
	cfg.PassThroughCounters = true
	baselines, err := loadBaselines(cfg.Baselines)
	if err != nil {
		b.Fatal(err)
	}
	set := processortest.NewNopSettings(metadata.Type)
	tb, err := metadata.NewTelemetryBuilder(set.TelemetrySettings)
	if err != nil {
		b.Fatal(err)
	}
	p, err := newDriftProcessor(cfg, baselines, set.Logger, tb, consumertest.NewNop())
	if err != nil {
		b.Fatal(err)
	}
	for _, bl := range baselines {
		return p, bl
	}
	return nil, nil
}

// fleetBatch is one export of `instances` instances: every bin of every feature of the
// baseline, as @statewatch/feature-drift publishes them (cumulative counters).
func fleetBatch(bl *baseline, instances int) (pmetric.Metrics, int) {
	md := pmetric.NewMetrics()
	points := 0
	for i := range instances {
		rm := md.ResourceMetrics().AppendEmpty()
		rm.Resource().Attributes().PutStr("service.name", "scoring")
		rm.Resource().Attributes().PutStr("service.instance.id", "pod-"+strconv.Itoa(i))
		sm := rm.ScopeMetrics().AppendEmpty()
		sm.Scope().SetName("@statewatch/feature-drift")
		m := sm.Metrics().AppendEmpty()
		m.SetName(semconv.MetricFeatureObservations)
		s := m.SetEmptySum()
		s.SetIsMonotonic(true)
		s.SetAggregationTemporality(pmetric.AggregationTemporalityCumulative)
		for _, spec := range bl.features {
			for label := range spec.binOfLabel {
				dp := s.DataPoints().AppendEmpty()
				dp.Attributes().PutStr(semconv.AttrFeatureName, spec.name)
				dp.Attributes().PutStr(semconv.AttrFeatureBin, label)
				dp.Attributes().PutStr(semconv.AttrFeatureBaseline, bl.id)
				points++
			}
		}
	}
	return md, points
}

// advance moves every point of the batch one second on and adds to its counter, as the next
// export of the same instances would.
func advance(md pmetric.Metrics, ts pcommon.Timestamp, step int64) {
	rms := md.ResourceMetrics()
	for i := 0; i < rms.Len(); i++ {
		dps := rms.At(i).ScopeMetrics().At(0).Metrics().At(0).Sum().DataPoints()
		for j := 0; j < dps.Len(); j++ {
			dp := dps.At(j)
			dp.SetTimestamp(ts)
			dp.SetIntValue(dp.IntValue() + step)
		}
	}
}

// BenchmarkConsume measures the consume path: observation data points per second on one core.
func BenchmarkConsume(b *testing.B) {
	for _, instances := range []int{1, 50} {
		b.Run(fmt.Sprintf("instances=%d", instances), func(b *testing.B) {
			p, bl := benchProcessor(b)
			md, points := fleetBatch(bl, instances)
			start := time.Now()
			p.now = func() time.Time { return start }
			ctx := context.Background()
			b.ReportAllocs()
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				b.StopTimer()
				advance(md, pcommon.NewTimestampFromTime(start.Add(time.Duration(i)*time.Microsecond)), 3)
				b.StartTimer()
				if _, err := p.consume(ctx, md); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(points)*float64(b.N)/b.Elapsed().Seconds(), "datapoints/s")
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(points*b.N), "ns/datapoint")
		})
	}
}

// BenchmarkConsumeMetrics measures the same batches through the component as a collector calls
// it: the factory-built processor (processorhelper, its incoming/outgoing item counters and the
// drop counter on a real OpenTelemetry SDK meter provider) in front of a no-op next consumer.
func BenchmarkConsumeMetrics(b *testing.B) {
	for _, instances := range []int{1, 50} {
		b.Run(fmt.Sprintf("instances=%d", instances), func(b *testing.B) {
			cfg := createDefaultConfig().(*Config)
			cfg.Baselines = []string{testBaselinePath}
			cfg.PassThroughCounters = true // the batch is reused: it must come out whole
			tel := componenttest.NewTelemetry()
			b.Cleanup(func() { _ = tel.Shutdown(context.Background()) })
			ctx := context.Background()
			proc, err := NewFactory().CreateMetrics(ctx, metadatatest.NewSettings(tel), cfg, consumertest.NewNop())
			if err != nil {
				b.Fatal(err)
			}
			if err := proc.Start(ctx, componenttest.NewNopHost()); err != nil {
				b.Fatal(err)
			}
			b.Cleanup(func() { _ = proc.Shutdown(ctx) })
			bl, err := loadBaseline(testBaselinePath)
			if err != nil {
				b.Fatal(err)
			}
			md, points := fleetBatch(bl, instances)
			start := time.Now()
			b.ReportAllocs()
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				b.StopTimer()
				advance(md, pcommon.NewTimestampFromTime(start.Add(time.Duration(i)*time.Microsecond)), 3)
				b.StartTimer()
				if err := proc.ConsumeMetrics(ctx, md); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(points)*float64(b.N)/b.Elapsed().Seconds(), "datapoints/s")
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(points*b.N), "ns/datapoint")
		})
	}
}

// syntheticBaseline is a baseline of `features` numeric features of 10 bins each.
func syntheticBaseline(b *testing.B, features int) *baseline {
	b.Helper()
	raw := map[string]json.RawMessage{}
	for f := range features {
		counts := []float64{90, 110, 100, 95, 105, 100, 98, 102, 99, 101}
		feature := map[string]any{
			"type":        featureNumeric,
			"edges":       []float64{1, 2, 3, 4, 5, 6, 7, 8, 9},
			"counts":      counts,
			"proportions": smoothedProportions(counts),
			"missing":     0,
			"min":         0.5, // a range: the tick computes the new-value share too
			"max":         9.5,
		}
		data, err := json.Marshal(feature)
		if err != nil {
			b.Fatal(err)
		}
		raw[fmt.Sprintf("feature_%03d", f)] = data
	}
	id, err := baselineID(raw)
	if err != nil {
		b.Fatal(err)
	}
	file, err := json.Marshal(map[string]any{
		"version": 1, "id": id, "createdAt": "2026-11-22T10:00:00.000Z", "sampleSize": 1000, "features": raw,
	})
	if err != nil {
		b.Fatal(err)
	}
	bl, err := parseBaseline(file, "synthetic")
	if err != nil {
		b.Fatal(err)
	}
	return bl
}

// BenchmarkTick measures one tick with 500 tracked features from 50 instances: eviction, the
// PSI of every window and building the output batch.
func BenchmarkTick(b *testing.B) {
	const features = 500
	p, _ := benchProcessor(b)
	bl := syntheticBaseline(b, features)
	p.state = newTracker(p.cfg, map[string]*baseline{bl.id: bl}) // its series slots come from the baselines
	md, _ := fleetBatch(bl, 50)
	start := time.Now()
	now := start.Add(time.Second) // the points are older than now: future ones are clamped to now
	p.now = func() time.Time { return now }
	for i := 1; i <= 2; i++ { // the first export only sets each series' last value
		advance(md, pcommon.NewTimestampFromTime(start.Add(time.Duration(i)*time.Millisecond)), 5)
		if _, err := p.consume(context.Background(), md); err != nil {
			b.Fatal(err)
		}
	}
	sink := new(consumertest.MetricsSink)
	p.next = sink
	// Per feature: window size, PSI, critical; new-value share and critical; 3 top bins × 3 gauges.
	if err := p.tick(context.Background()); err != nil || sink.DataPointCount() != (5+3*fleetTopBins)*features {
		b.Fatalf("tick sent %d points (err %v), want %d", sink.DataPointCount(), err, (5+3*fleetTopBins)*features)
	}
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if err := p.tick(context.Background()); err != nil {
			b.Fatal(err)
		}
		sink.Reset()
	}
	b.ReportMetric(float64(features)*float64(b.N)/b.Elapsed().Seconds(), "features/s")
}
