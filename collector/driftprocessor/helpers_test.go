package driftprocessor

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	"go.opentelemetry.io/collector/component/componenttest"
	"go.opentelemetry.io/collector/consumer/consumertest"
	"go.opentelemetry.io/collector/pdata/pcommon"
	"go.opentelemetry.io/collector/pdata/pmetric"
	"go.opentelemetry.io/collector/processor/processorhelper"

	"github.com/statewatch/statewatch/collector/driftprocessor/internal/metadata"
	"github.com/statewatch/statewatch/collector/driftprocessor/internal/metadatatest"
	"github.com/statewatch/statewatch/collector/driftprocessor/internal/semconv"
)

const testBaselinePath = "testdata/baseline.json"

// t0 is a sub-window boundary (a whole minute), so window arithmetic in tests is exact.
var t0 = time.Date(2026, 11, 22, 10, 0, 0, 0, time.UTC)

type harness struct {
	t         *testing.T
	p         *driftProcessor
	sink      *consumertest.MetricsSink
	telemetry *componenttest.Telemetry
	now       time.Time
	baseline  *baseline
}

func newHarness(t *testing.T, edit func(*Config)) *harness {
	t.Helper()
	cfg := createDefaultConfig().(*Config)
	cfg.Baselines = []string{testBaselinePath}
	// Most tests check that the batch passes on untouched; TestCountersStopHereByDefault covers
	// the default, where the feature counters are taken out.
	cfg.PassThroughCounters = true
	if edit != nil {
		edit(cfg)
	}
	require.NoError(t, cfg.Validate())
	baselines, err := loadBaselines(cfg.Baselines)
	require.NoError(t, err)
	tel := componenttest.NewTelemetry()
	t.Cleanup(func() { require.NoError(t, tel.Shutdown(context.Background())) })
	set := metadatatest.NewSettings(tel)
	tb, err := metadata.NewTelemetryBuilder(set.TelemetrySettings)
	require.NoError(t, err)
	sink := new(consumertest.MetricsSink)
	h := &harness{t: t, sink: sink, telemetry: tel, now: t0}
	h.p, err = newDriftProcessor(cfg, baselines, set.Logger, tb, sink)
	require.NoError(t, err)
	h.p.now = func() time.Time { return h.now }
	h.baseline, err = loadBaseline(testBaselinePath)
	require.NoError(t, err)
	h.baseline = baselines[h.baseline.id]
	return h
}

// point is one data point of the feature counters.
type point struct {
	feature, bin string // bin "" means statewatch.feature.missing
	value        float64
	start, ts    time.Time
	baseline     string // "" means the test baseline
}

// batch builds one OTLP batch from one instance (resource service.instance.id=instance).
func (h *harness) batch(instance string, temporality pmetric.AggregationTemporality, points ...point) pmetric.Metrics {
	md := pmetric.NewMetrics()
	rm := md.ResourceMetrics().AppendEmpty()
	rm.Resource().Attributes().PutStr("service.name", "scoring")
	rm.Resource().Attributes().PutStr("service.instance.id", instance)
	sm := rm.ScopeMetrics().AppendEmpty()
	sm.Scope().SetName("@statewatch/feature-drift")
	observations := sm.Metrics().AppendEmpty()
	observations.SetName(semconv.MetricFeatureObservations)
	obsSum := observations.SetEmptySum()
	obsSum.SetIsMonotonic(true)
	obsSum.SetAggregationTemporality(temporality)
	missing := sm.Metrics().AppendEmpty()
	missing.SetName(semconv.MetricFeatureMissing)
	missSum := missing.SetEmptySum()
	missSum.SetIsMonotonic(true)
	missSum.SetAggregationTemporality(temporality)
	for _, pt := range points {
		var dp pmetric.NumberDataPoint
		if pt.bin == "" {
			dp = missSum.DataPoints().AppendEmpty()
		} else {
			dp = obsSum.DataPoints().AppendEmpty()
			dp.Attributes().PutStr(semconv.AttrFeatureBin, pt.bin)
		}
		dp.Attributes().PutStr(semconv.AttrFeatureName, pt.feature)
		id := pt.baseline
		if id == "" {
			id = h.baseline.id
		}
		dp.Attributes().PutStr(semconv.AttrFeatureBaseline, id)
		dp.SetIntValue(int64(pt.value))
		dp.SetStartTimestamp(pcommon.NewTimestampFromTime(pt.start))
		dp.SetTimestamp(pcommon.NewTimestampFromTime(pt.ts))
	}
	return md
}

func (h *harness) consume(md pmetric.Metrics) {
	h.t.Helper()
	out, err := h.p.consume(context.Background(), md)
	if !h.p.cfg.PassThroughCounters && errors.Is(err, processorhelper.ErrSkipProcessingData) {
		err = nil // the batch held only feature counters
	}
	require.NoError(h.t, err)
	require.Equal(h.t, md, out)
}

// window returns the fleet window counts of a feature (bins only) at the harness time.
func (h *harness) window(feature string) []float64 {
	h.t.Helper()
	spec := h.baseline.features[feature]
	require.NotNil(h.t, spec)
	h.p.mu.Lock()
	defer h.p.mu.Unlock()
	w := h.p.state.windows[spec]
	out := make([]float64, spec.bins()+extraColumns)
	if w != nil {
		w.window.sumInto(out, h.now.UnixNano())
	}
	return out[:spec.bins()]
}

// missingInWindow returns the fleet window's missing count of a feature.
func (h *harness) missingInWindow(feature string) float64 {
	spec := h.baseline.features[feature]
	h.p.mu.Lock()
	defer h.p.mu.Unlock()
	out := make([]float64, spec.bins()+extraColumns)
	if w := h.p.state.windows[spec]; w != nil {
		w.window.sumInto(out, h.now.UnixNano())
	}
	return out[spec.bins()]
}

// gauges runs one tick and returns the emitted fleet gauges by metric and feature.
func (h *harness) tick() map[string]map[string]pmetric.NumberDataPoint {
	h.t.Helper()
	h.sink.Reset()
	require.NoError(h.t, h.p.tick(context.Background()))
	out := map[string]map[string]pmetric.NumberDataPoint{}
	for _, md := range h.sink.AllMetrics() {
		rms := md.ResourceMetrics()
		for i := 0; i < rms.Len(); i++ {
			sms := rms.At(i).ScopeMetrics()
			for j := 0; j < sms.Len(); j++ {
				ms := sms.At(j).Metrics()
				for k := 0; k < ms.Len(); k++ {
					m := ms.At(k)
					dps := m.Gauge().DataPoints()
					for l := 0; l < dps.Len(); l++ {
						dp := dps.At(l)
						scope, _ := dp.Attributes().Get(semconv.AttrDriftScope)
						require.Equal(h.t, semconv.AttrDriftScopeFleet, scope.Str())
						name, _ := dp.Attributes().Get(semconv.AttrFeatureName)
						if out[m.Name()] == nil {
							out[m.Name()] = map[string]pmetric.NumberDataPoint{}
						}
						out[m.Name()][name.Str()] = dp
					}
				}
			}
		}
	}
	return out
}

func stringsReplaceOnce(s, old, new string) string { return strings.Replace(s, old, new, 1) }
