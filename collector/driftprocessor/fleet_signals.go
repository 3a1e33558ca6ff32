package driftprocessor

import (
	"strconv"

	"go.opentelemetry.io/collector/pdata/pcommon"
	"go.opentelemetry.io/collector/pdata/pmetric"

	"github.com/statewatch/statewatch/collector/driftprocessor/internal/semconv"
)

// fleetTopBins is how many bins a feature publishes with their PSI contribution and shares, as
// the SDK monitor's default topBins.
const fleetTopBins = 3

// counterKind is what an input counter feeds in a feature's window.
type counterKind int

const (
	counterObservations counterKind = iota // one column per bin
	counterMissing                         // the column after the bins
	counterUnseen                          // the column after missing: numbers outside min..max
	counterNone                            // not a feature counter
)

// extraColumns are the window columns after the bins: missing, unseen.
const extraColumns = 2

func counterKindOf(name string) counterKind {
	switch name {
	case semconv.MetricFeatureObservations:
		return counterObservations
	case semconv.MetricFeatureMissing:
		return counterMissing
	case semconv.MetricFeatureUnseen:
		return counterUnseen
	default:
		return counterNone
	}
}

// column is the window column a per-feature counter (missing or unseen) feeds.
func (k counterKind) column(spec *featureSpec) int {
	if k == counterUnseen {
		return spec.bins() + 1
	}
	return spec.bins()
}

// fleetSignals explain one feature's fleet window: its new values and top contributing bins.
type fleetSignals struct {
	unseen    unseenSignal
	hasUnseen bool
	top       []binContribution
}

// fleetSignalsOf reads a window's columns: a categorical feature's new values are its
// __other__ bin (so instances without the unseen counter count too), a numeric feature's
// the unseen column, when its baseline records min and max.
func fleetSignalsOf(spec *featureSpec, columns []float64) fleetSignals {
	counts := columns[:spec.bins()]
	n := sum(counts)
	if n == 0 {
		return fleetSignals{}
	}
	var s fleetSignals
	if spec.tracksUnseen() {
		outside := columns[counterUnseen.column(spec)]
		if spec.kind == featureCategorical {
			outside = counts[spec.bins()-1]
		}
		s.unseen, s.hasUnseen = unseenOf(spec, outside, n)
	}
	s.top = topContributions(spec.reference, counts, fleetTopBins)
	return s
}

// appendGauge adds an empty gauge to sm and returns its points.
func appendGauge(sm pmetric.ScopeMetrics, name, unit, description string) pmetric.NumberDataPointSlice {
	m := sm.Metrics().AppendEmpty()
	m.SetName(name)
	m.SetUnit(unit)
	m.SetDescription(description)
	return m.SetEmptyGauge().DataPoints()
}

// appendFleetPoint adds a point of one feature: feature.name, feature.baseline, drift.scope=fleet.
func appendFleetPoint(points pmetric.NumberDataPointSlice, spec *featureSpec, ts pcommon.Timestamp) pmetric.NumberDataPoint {
	dp := points.AppendEmpty()
	dp.SetTimestamp(ts)
	attrs := dp.Attributes()
	attrs.PutStr(semconv.AttrFeatureName, spec.name)
	attrs.PutStr(semconv.AttrFeatureBaseline, spec.baselineID)
	attrs.PutStr(semconv.AttrDriftScope, semconv.AttrDriftScopeFleet)
	return dp
}

// appendFleetSignals adds the new-value and per-bin gauges (drift.scope=fleet) of a snapshot.
func appendFleetSignals(sm pmetric.ScopeMetrics, snapshot []fleetDrift, ts pcommon.Timestamp) {
	share := appendGauge(sm, semconv.MetricFeatureUnseenShare, semconv.UnitFeatureUnseenShare, semconv.DescriptionFeatureUnseenShare)
	critical := appendGauge(sm, semconv.MetricFeatureUnseenShareCritical, semconv.UnitFeatureUnseenShareCritical, semconv.DescriptionFeatureUnseenShareCritical)
	contribution := appendGauge(sm, semconv.MetricFeaturePsiContribution, semconv.UnitFeaturePsiContribution, semconv.DescriptionFeaturePsiContribution)
	binShare := appendGauge(sm, semconv.MetricFeatureBinShare, semconv.UnitFeatureBinShare, semconv.DescriptionFeatureBinShare)
	binShareReference := appendGauge(sm, semconv.MetricFeatureBinShareReference, semconv.UnitFeatureBinShareReference, semconv.DescriptionFeatureBinShareReference)
	point := func(points pmetric.NumberDataPointSlice, d fleetDrift, value float64) pcommon.Map {
		dp := appendFleetPoint(points, d.spec, ts)
		dp.SetDoubleValue(value)
		return dp.Attributes()
	}
	for _, d := range snapshot {
		if d.signals.hasUnseen {
			point(share, d, d.signals.unseen.share)
			point(critical, d, d.signals.unseen.critical)
		}
		for _, top := range d.signals.top {
			label := d.spec.binLabel(top.bin)
			point(contribution, d, top.contribution).PutStr(semconv.AttrFeatureBin, label)
			point(binShare, d, top.share).PutStr(semconv.AttrFeatureBin, label)
			point(binShareReference, d, top.refShare).PutStr(semconv.AttrFeatureBin, label)
		}
	}
}

// binLabel is the feature.bin attribute value of a bin: its index, or its category.
func (f *featureSpec) binLabel(bin int) string {
	if f.kind == featureCategorical {
		if bin < len(f.categories) {
			return f.categories[bin]
		}
		return featureBinOther
	}
	return strconv.Itoa(bin)
}
