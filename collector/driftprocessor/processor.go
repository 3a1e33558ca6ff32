package driftprocessor

import (
	"context"
	"math"
	"sync"
	"time"

	"go.opentelemetry.io/collector/component"
	"go.opentelemetry.io/collector/consumer"
	"go.opentelemetry.io/collector/pdata/pcommon"
	"go.opentelemetry.io/collector/pdata/pmetric"
	"go.opentelemetry.io/collector/processor/processorhelper"
	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/metric"
	"go.uber.org/zap"

	"github.com/open-telemetry/opentelemetry-collector-contrib/pkg/pdatautil"

	"github.com/statewatch/statewatch/collector/driftprocessor/internal/metadata"
	"github.com/statewatch/statewatch/collector/driftprocessor/internal/semconv"
)

// driftProcessor reads the observation counters of every instance, passes everything else
// through untouched (the counters too with pass_through_counters), and on a ticker sends the
// fleet PSI gauges to the next consumer.
type driftProcessor struct {
	cfg       *Config
	logger    *zap.Logger
	next      consumer.Metrics
	telemetry *metadata.TelemetryBuilder
	now       func() time.Time

	mu    sync.Mutex
	state *tracker

	dropAttributes [numDropReasons]metric.AddOption
	stop           chan struct{}
	done           chan struct{}
}

func newDriftProcessor(cfg *Config, baselines map[string]*baseline, logger *zap.Logger, telemetry *metadata.TelemetryBuilder, next consumer.Metrics) (*driftProcessor, error) {
	p := &driftProcessor{
		cfg:       cfg,
		logger:    logger,
		next:      next,
		telemetry: telemetry,
		now:       time.Now,
		state:     newTracker(cfg, baselines),
	}
	for r := range numDropReasons {
		p.dropAttributes[r] = metric.WithAttributeSet(attribute.NewSet(attribute.String("reason", r.String())))
	}
	return p, p.registerTelemetry()
}

func (p *driftProcessor) registerTelemetry() error {
	err := p.telemetry.RegisterProcessorDriftTrackedInstancesCallback(func(_ context.Context, o metric.Int64Observer) error {
		p.mu.Lock()
		defer p.mu.Unlock()
		o.Observe(int64(len(p.state.instances)))
		return nil
	})
	if err != nil {
		return err
	}
	err = p.telemetry.RegisterProcessorDriftTrackedFeaturesCallback(func(_ context.Context, o metric.Int64Observer) error {
		p.mu.Lock()
		defer p.mu.Unlock()
		o.Observe(int64(len(p.state.windows)))
		return nil
	})
	return err
}

func (p *driftProcessor) start(context.Context, component.Host) error {
	p.stop, p.done = make(chan struct{}), make(chan struct{})
	go p.run()
	return nil
}

func (p *driftProcessor) run() {
	defer close(p.done)
	ticker := time.NewTicker(p.cfg.EmitInterval)
	defer ticker.Stop()
	for {
		select {
		case <-p.stop:
			return
		case <-ticker.C:
			if err := p.tick(context.Background()); err != nil {
				p.logger.Warn("sending the fleet drift metrics failed", zap.Error(err))
			}
		}
	}
}

func (p *driftProcessor) shutdown(context.Context) error {
	if p.stop != nil {
		close(p.stop)
		<-p.done
		p.stop = nil
	}
	p.telemetry.Shutdown()
	return nil
}

// consume counts the feature counters of a batch and returns the batch unchanged.
func (p *driftProcessor) consume(ctx context.Context, md pmetric.Metrics) (pmetric.Metrics, error) {
	var drops dropCounts
	now := p.now().UnixNano()
	p.mu.Lock()
	rms := md.ResourceMetrics()
	for i := 0; i < rms.Len(); i++ {
		rm := rms.At(i)
		sms := rm.ScopeMetrics()
		for j := 0; j < sms.Len(); j++ {
			sm := sms.At(j)
			ms := sm.Metrics()
			var inst *instanceState
			instanceKnown := false
			for k := 0; k < ms.Len(); k++ {
				m := ms.At(k)
				name := m.Name()
				kind := counterKindOf(name)
				if kind == counterNone {
					continue
				}
				if m.Type() != pmetric.MetricTypeSum {
					drops[reasonNotACounter] += int64(dataPointCount(m))
					continue
				}
				s := m.Sum()
				dps := s.DataPoints()
				switch s.AggregationTemporality() {
				case pmetric.AggregationTemporalityDelta:
					p.consumePoints(dps, nil, kind, now, &drops)
				case pmetric.AggregationTemporalityCumulative:
					if !instanceKnown {
						inst, _ = p.state.instance(instanceKey{pdatautil.MapHash(rm.Resource().Attributes()), sm.Scope().Name()}, now)
						instanceKnown = true
					}
					if inst == nil {
						drops[reasonInstanceCap] += int64(dps.Len())
						continue
					}
					p.consumePoints(dps, inst, kind, now, &drops)
				default:
					drops[reasonNotACounter] += int64(dps.Len())
				}
			}
		}
	}
	p.mu.Unlock()
	for r, n := range drops {
		if n > 0 {
			p.telemetry.ProcessorDriftDroppedDataPoints.Add(ctx, n, p.dropAttributes[r])
		}
	}
	if !p.cfg.PassThroughCounters {
		removeFeatureCounters(md)
	}
	if md.ResourceMetrics().Len() == 0 {
		// Nothing left for the next consumer; processorhelper would pass an empty batch on.
		return md, processorhelper.ErrSkipProcessingData
	}
	return md, nil
}

// removeFeatureCounters takes the per-instance observation, missing and unseen counters out of a batch,
// and the scopes and resources they leave empty.
func removeFeatureCounters(md pmetric.Metrics) {
	md.ResourceMetrics().RemoveIf(func(rm pmetric.ResourceMetrics) bool {
		rm.ScopeMetrics().RemoveIf(func(sm pmetric.ScopeMetrics) bool {
			sm.Metrics().RemoveIf(func(m pmetric.Metric) bool {
				return m.Type() == pmetric.MetricTypeSum &&
					counterKindOf(m.Name()) != counterNone
			})
			return sm.Metrics().Len() == 0
		})
		return rm.ScopeMetrics().Len() == 0
	})
}

// consumePoints counts the data points of one counter; inst is nil for delta temporality.
func (p *driftProcessor) consumePoints(dps pmetric.NumberDataPointSlice, inst *instanceState, kind counterKind, now int64, drops *dropCounts) {
	for l := 0; l < dps.Len(); l++ {
		dp := dps.At(l)
		attrs := dp.Attributes()
		baselineID, okBaseline := attrs.Get(semconv.AttrFeatureBaseline)
		featureName, okName := attrs.Get(semconv.AttrFeatureName)
		binLabel := ""
		okBin := true
		if kind == counterObservations {
			var bin pcommon.Value
			bin, okBin = attrs.Get(semconv.AttrFeatureBin)
			if okBin {
				binLabel = bin.AsString()
			}
		}
		if !okBaseline || !okName || !okBin {
			drops[reasonMissingAttributes]++
			continue
		}
		spec, column, reason, ok := p.state.resolve(baselineID.Str(), featureName.Str(), binLabel, kind)
		if !ok {
			drops[reason]++
			continue
		}
		var value float64
		if dp.ValueType() == pmetric.NumberDataPointValueTypeInt {
			value = float64(dp.IntValue())
		} else {
			value = dp.DoubleValue()
		}
		if !(value >= 0) || math.IsInf(value, 1) {
			drops[reasonInvalidValue]++ // NaN, ±Inf or negative: a count can be none of these
			continue
		}
		ts := int64(dp.Timestamp())
		if inst == nil {
			reason, ok = p.state.addDelta(spec, column, value, ts, now)
		} else {
			reason, ok = p.state.addCumulative(inst, spec, column, value, int64(dp.StartTimestamp()), ts, now)
		}
		if !ok {
			drops[reason]++
		}
	}
}

// tick evicts stale state and sends the fleet gauges of every tracked feature.
func (p *driftProcessor) tick(ctx context.Context) error {
	now := p.now()
	p.mu.Lock()
	evicted := p.state.evict(now.UnixNano())
	snapshot := p.state.snapshot(now.UnixNano())
	p.mu.Unlock()
	if evicted > 0 {
		p.telemetry.ProcessorDriftEvictedInstances.Add(ctx, evicted)
	}
	if len(snapshot) == 0 {
		return nil
	}
	return p.next.ConsumeMetrics(ctx, fleetMetrics(snapshot, now))
}

// fleetMetrics builds the three fleet gauges (drift.scope=fleet) of a snapshot.
func fleetMetrics(snapshot []fleetDrift, now time.Time) pmetric.Metrics {
	md := pmetric.NewMetrics()
	sm := md.ResourceMetrics().AppendEmpty().ScopeMetrics().AppendEmpty()
	sm.Scope().SetName(metadata.ScopeName)
	ts := pcommon.NewTimestampFromTime(now)
	psiPoints := appendGauge(sm, semconv.MetricFeaturePsi, semconv.UnitFeaturePsi, semconv.DescriptionFeaturePsi)
	criticalPoints := appendGauge(sm, semconv.MetricFeaturePsiCritical, semconv.UnitFeaturePsiCritical, semconv.DescriptionFeaturePsiCritical)
	sizePoints := appendGauge(sm, semconv.MetricFeatureWindowObservations, semconv.UnitFeatureWindowObservations, semconv.DescriptionFeatureWindowObservations)
	point := func(points pmetric.NumberDataPointSlice, d fleetDrift) pmetric.NumberDataPoint {
		return appendFleetPoint(points, d.spec, ts)
	}
	for _, d := range snapshot {
		point(sizePoints, d).SetIntValue(saturatingInt64(d.n))
		// With finite, capped counts PSI is finite and non-negative; the check keeps a gauge
		// from ever being NaN, infinite or negative should that reasoning ever break.
		if d.hasPSI && finiteNonNegative(d.psi) && finiteNonNegative(d.critical) {
			point(psiPoints, d).SetDoubleValue(d.psi)
			point(criticalPoints, d).SetDoubleValue(d.critical)
		}
	}
	appendFleetSignals(sm, snapshot, ts)
	return md
}

// instanceKey identifies an instance: its resource attributes (pdatautil.MapHash, the stream
// identity contrib processors use: order-independent) and its scope name.
type instanceKey struct {
	resource [16]byte
	scope    string
}

func dataPointCount(m pmetric.Metric) int {
	switch m.Type() {
	case pmetric.MetricTypeGauge:
		return m.Gauge().DataPoints().Len()
	case pmetric.MetricTypeSum:
		return m.Sum().DataPoints().Len()
	case pmetric.MetricTypeHistogram:
		return m.Histogram().DataPoints().Len()
	case pmetric.MetricTypeExponentialHistogram:
		return m.ExponentialHistogram().DataPoints().Len()
	case pmetric.MetricTypeSummary:
		return m.Summary().DataPoints().Len()
	default:
		return 0
	}
}
