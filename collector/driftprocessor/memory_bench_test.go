package driftprocessor

import (
	"context"
	"encoding/json"
	"fmt"
	"math"
	"runtime"
	"strconv"
	"testing"
	"time"

	"go.opentelemetry.io/collector/consumer/consumertest"
	"go.opentelemetry.io/collector/pdata/pcommon"
	"go.opentelemetry.io/collector/pdata/pmetric"
	"go.opentelemetry.io/collector/processor/processorhelper"
	"go.opentelemetry.io/collector/processor/processortest"

	"github.com/statewatch/statewatch/collector/driftprocessor/internal/metadata"
)

// wideBaseline is a valid baseline of `features` numeric features with ten bins each (the
// SDK's default), like one built from a wide model input.
func wideBaseline(tb testing.TB, features int) *baseline {
	tb.Helper()
	raw := map[string]json.RawMessage{}
	for f := range features {
		counts := []float64{10, 20, 30, 40, 50, 50, 40, 30, 20, 10}
		feature, err := json.Marshal(map[string]any{
			"type":        "numeric",
			"edges":       []float64{-4, -3, -2, -1, 0, 1, 2, 3, 4},
			"counts":      counts,
			"proportions": smoothedProportions(counts),
			"missing":     0,
		})
		if err != nil {
			tb.Fatal(err)
		}
		raw[fmt.Sprintf("f%03d", f)] = feature
	}
	id, err := baselineID(raw)
	if err != nil {
		tb.Fatal(err)
	}
	data, err := json.Marshal(map[string]any{"version": 1, "id": id, "createdAt": "2026-12-02T00:00:00Z", "sampleSize": 300, "features": raw})
	if err != nil {
		tb.Fatal(err)
	}
	b, err := parseBaseline(data, "wide")
	if err != nil {
		tb.Fatal(err)
	}
	return b
}

// BenchmarkStateMemory measures the processor's retained state (Go heap after a full GC) with
// `instances` instances exporting every bin of every feature of a baseline: bytes per instance
// and per tracked series, and how many instances fit a 300 MiB heap (GOMEMLIMIT of the shipped
// 512 MiB pod). Run with -benchtime=1x; every run builds the whole state once.
func BenchmarkStateMemory(b *testing.B) {
	demo, err := loadBaseline(testBaselinePath)
	if err != nil {
		b.Fatal(err)
	}
	for _, c := range []struct {
		name      string
		baseline  *baseline
		instances int
	}{
		{"baseline=demo", demo, 100_000},
		{"baseline=100-features", wideBaseline(b, 100), 4_000},
	} {
		b.Run(c.name, func(b *testing.B) {
			for range b.N {
				measureStateMemory(b, c.baseline, c.instances)
			}
		})
	}
}

func measureStateMemory(b *testing.B, bl *baseline, instances int) {
	cfg := createDefaultConfig().(*Config)
	cfg.MaxInstances = instances
	cfg.MaxSeries = math.MaxInt
	set := processortest.NewNopSettings(metadata.Type)
	telemetry, err := metadata.NewTelemetryBuilder(set.TelemetrySettings)
	if err != nil {
		b.Fatal(err)
	}
	p, err := newDriftProcessor(cfg, map[string]*baseline{bl.id: bl}, set.Logger, telemetry, consumertest.NewNop())
	if err != nil {
		b.Fatal(err)
	}
	now := time.Now()
	p.now = func() time.Time { return now }
	series := 0
	for _, spec := range bl.features {
		series += len(spec.binOfLabel)
	}
	before := heapAfterGC()
	const chunk = 500
	for first := 0; first < instances; first += chunk {
		md := instanceExports(bl, first, min(chunk, instances-first), now)
		if _, err := p.consume(context.Background(), md); err != nil && err != processorhelper.ErrSkipProcessingData {
			b.Fatal(err)
		}
	}
	after := heapAfterGC()
	if got := len(p.state.instances); got != instances {
		b.Fatalf("tracked %d instances, want %d", got, instances)
	}
	perInstance := float64(after-before) / float64(instances)
	b.ReportMetric(perInstance, "B/instance")
	b.ReportMetric(perInstance/float64(series), "B/series")
	b.ReportMetric(float64(series), "series/instance")
	b.ReportMetric(300*(1<<20)/perInstance, "instances/300MiB")
	runtime.KeepAlive(p)
}

// instanceExports is one export of instances first..first+count-1: every bin of every feature.
func instanceExports(bl *baseline, first, count int, now time.Time) pmetric.Metrics {
	md := pmetric.NewMetrics()
	start := pcommon.NewTimestampFromTime(now.Add(-time.Hour))
	ts := pcommon.NewTimestampFromTime(now)
	for i := first; i < first+count; i++ {
		rm := md.ResourceMetrics().AppendEmpty()
		rm.Resource().Attributes().PutStr("service.name", "scoring")
		rm.Resource().Attributes().PutStr("service.instance.id", "pod-"+strconv.Itoa(i))
		sm := rm.ScopeMetrics().AppendEmpty()
		sm.Scope().SetName("@statewatch/feature-drift")
		s := sm.Metrics().AppendEmpty()
		s.SetName("statewatch.feature.observations")
		sum := s.SetEmptySum()
		sum.SetIsMonotonic(true)
		sum.SetAggregationTemporality(pmetric.AggregationTemporalityCumulative)
		for _, spec := range bl.features {
			for label := range spec.binOfLabel {
				dp := sum.DataPoints().AppendEmpty()
				dp.Attributes().PutStr("feature.name", spec.name)
				dp.Attributes().PutStr("feature.bin", label)
				dp.Attributes().PutStr("feature.baseline", bl.id)
				dp.SetStartTimestamp(start)
				dp.SetTimestamp(ts)
				dp.SetIntValue(int64(i%7 + 1))
			}
		}
	}
	return md
}

func heapAfterGC() uint64 {
	var m runtime.MemStats
	runtime.GC()
	runtime.GC()
	runtime.ReadMemStats(&m)
	return m.HeapAlloc
}
