package driftprocessor

import (
	"sort"
	"time"
)

// dropReason says why a data point of the input counters was not counted.
type dropReason int

const (
	reasonMissingAttributes dropReason = iota
	reasonUnknownBaseline
	reasonUnknownFeature
	reasonUnknownBin
	reasonFeatureCap
	reasonBaselineCap
	reasonInstanceCap
	reasonTooOld
	reasonNotACounter
	reasonInvalidValue
	reasonImplausibleValue
	reasonSeriesCap
	numDropReasons
)

var dropReasonNames = [numDropReasons]string{
	reasonMissingAttributes: "missing_attributes",
	reasonUnknownBaseline:   "unknown_baseline",
	reasonUnknownFeature:    "unknown_feature",
	reasonUnknownBin:        "unknown_bin",
	reasonFeatureCap:        "feature_cap",
	reasonBaselineCap:       "baseline_cap",
	reasonInstanceCap:       "instance_cap",
	reasonTooOld:            "too_old",
	reasonNotACounter:       "not_a_counter",
	reasonInvalidValue:      "invalid_value",
	reasonImplausibleValue:  "implausible_value",
	reasonSeriesCap:         "series_cap",
}

func (r dropReason) String() string { return dropReasonNames[r] }

// dropCounts accumulates drops of one batch, flushed to telemetry once per batch.
type dropCounts [numDropReasons]int64

// featureWindow is the fleet window of one feature of one baseline: one column per bin, plus
// one for missing values.
type featureWindow struct {
	spec    *featureSpec
	window  *slidingWindow
	lastAdd int64 // processor clock, Unix ns
	// lastSeen is when a point of this feature last arrived, counted or not (an unchanged
	// cumulative counter still says its instance is there).
	lastSeen int64
}

type seriesLast struct {
	value     float64 // < 0: never seen (a count is never negative)
	start, ts int64
}

// baselineSeries holds an instance's last cumulative value of every series of one baseline, in
// one slice: the feature's slot plus its window column. A map per series cost ~95 bytes a
// series; this costs 24 (docs/benchmarks.md, "Memory").
type baselineSeries struct {
	baselineID string
	last       []seriesLast
}

// instanceState holds the last cumulative values one instance reports, per baseline (usually one).
type instanceState struct {
	lastSeen int64
	series   []baselineSeries
}

// tracker is the processor's state. It is not safe for concurrent use; the processor locks.
type tracker struct {
	window       time.Duration
	buckets      int
	maxFeatures  int
	maxBaselines int
	maxInstances int
	instanceTTL  time.Duration
	maxIncrease  float64
	maxSeries    int

	baselines map[string]*baseline
	windows   map[*featureSpec]*featureWindow
	// windowsPerBaseline counts tracked windows by baseline id (the tracked baselines).
	windowsPerBaseline map[string]int
	instances          map[instanceKey]*instanceState
	// series counts the cumulative series slots held over all instances (capped by maxSeries).
	series int
	// slots is the number of series slots of one instance for each baseline.
	slots   map[string]int
	evicted int64
}

func newTracker(cfg *Config, baselines map[string]*baseline) *tracker {
	slots := make(map[string]int, len(baselines))
	for id, b := range baselines {
		names := make([]string, 0, len(b.features))
		for name := range b.features {
			names = append(names, name)
		}
		sort.Strings(names)
		for _, name := range names {
			spec := b.features[name]
			spec.slot = slots[id]
			slots[id] += spec.bins() + extraColumns
		}
	}
	return &tracker{
		slots:              slots,
		window:             cfg.Window,
		buckets:            cfg.Buckets,
		maxFeatures:        cfg.MaxFeatures,
		maxBaselines:       cfg.MaxBaselines,
		maxInstances:       cfg.MaxInstances,
		instanceTTL:        cfg.InstanceTTL,
		maxIncrease:        cfg.MaxPointIncrease,
		maxSeries:          cfg.MaxSeries,
		baselines:          baselines,
		windows:            map[*featureSpec]*featureWindow{},
		windowsPerBaseline: map[string]int{},
		instances:          map[instanceKey]*instanceState{},
	}
}

// resolve finds the feature and the window column of a data point's attributes.
func (t *tracker) resolve(baselineID, featureName, binLabel string, kind counterKind) (*featureSpec, int, dropReason, bool) {
	b := t.baselines[baselineID]
	if b == nil {
		return nil, 0, reasonUnknownBaseline, false
	}
	spec := b.features[featureName]
	if spec == nil {
		return nil, 0, reasonUnknownFeature, false
	}
	if kind != counterObservations {
		return spec, kind.column(spec), 0, true
	}
	column, ok := spec.binOfLabel[binLabel]
	if !ok {
		return nil, 0, reasonUnknownBin, false
	}
	return spec, column, 0, true
}

// windowFor returns the feature's window, creating it within the caps.
func (t *tracker) windowFor(spec *featureSpec) (*featureWindow, dropReason, bool) {
	if w := t.windows[spec]; w != nil {
		return w, 0, true
	}
	if len(t.windows) >= t.maxFeatures {
		return nil, reasonFeatureCap, false
	}
	if t.windowsPerBaseline[spec.baselineID] == 0 && len(t.windowsPerBaseline) >= t.maxBaselines {
		return nil, reasonBaselineCap, false
	}
	w := &featureWindow{
		spec:   spec,
		window: newSlidingWindow(int64(t.window)/int64(t.buckets), t.buckets, spec.bins()+extraColumns),
	}
	t.windows[spec] = w
	t.windowsPerBaseline[spec.baselineID]++
	return w, 0, true
}

// instance returns the state of the instance with this identity, creating it within the cap.
func (t *tracker) instance(key instanceKey, now int64) (*instanceState, bool) {
	inst := t.instances[key]
	if inst == nil {
		if len(t.instances) >= t.maxInstances {
			return nil, false
		}
		inst = &instanceState{}
		t.instances[key] = inst
	}
	inst.lastSeen = now
	return inst, true
}

// addCumulative turns one cumulative data point into a delta (docs/drift-math.md, "counter
// deltas"): value − last, or value itself after a reset (value < last, or a later start time).
// A series' first point counts in full only when its counter started inside the window.
// A timestamp from the future (clock skew, or hostile) is clamped to now: kept as it is, the
// series' last timestamp would be ahead of real time and every later point would look older.
// A start time from the future is unknown (0): clamped, it would move with now and pose as a
// reset at every point.
func (t *tracker) addCumulative(inst *instanceState, spec *featureSpec, column int, value float64, start, ts, now int64) (dropReason, bool) {
	ts = min(ts, now)
	if start > now {
		start = 0
	}
	slots, ok := t.seriesOf(inst, spec.baselineID)
	if !ok {
		return reasonSeriesCap, false
	}
	last := &slots[spec.slot+column]
	var delta float64
	switch {
	case last.value < 0: // the series' first point
		if start > 0 && start <= ts && start >= now-int64(t.window) {
			delta = value
		}
	case ts <= last.ts:
		return 0, true // a repeated or out-of-order point: the newer one already counted
	case value < last.value || (start > last.start && last.start > 0):
		delta = value
	default:
		delta = value - last.value
	}
	// An implausible increase re-bases the series (it is not counted, and the next point's
	// increase is measured from it), so one bogus value costs at most one export's counts.
	*last = seriesLast{value: value, start: start, ts: ts}
	return t.add(spec, column, delta, ts, now)
}

// seriesOf returns the instance's last values of a baseline, allocating them within max_series.
func (t *tracker) seriesOf(inst *instanceState, baselineID string) ([]seriesLast, bool) {
	for _, bs := range inst.series {
		if bs.baselineID == baselineID {
			return bs.last, true
		}
	}
	n := t.slots[baselineID]
	if t.series+n > t.maxSeries {
		return nil, false
	}
	last := make([]seriesLast, n)
	for i := range last {
		last[i].value = -1
	}
	inst.series = append(inst.series, baselineSeries{baselineID: baselineID, last: last})
	t.series += n
	return last, true
}

// addDelta counts a delta-temporality data point.
func (t *tracker) addDelta(spec *featureSpec, column int, value float64, ts, now int64) (dropReason, bool) {
	return t.add(spec, column, value, ts, now)
}

func (t *tracker) add(spec *featureSpec, column int, delta float64, ts, now int64) (dropReason, bool) {
	w := t.windows[spec]
	if w != nil {
		w.lastSeen = now
	}
	if !(delta > 0) {
		return 0, true
	}
	if delta > t.maxIncrease {
		return reasonImplausibleValue, false
	}
	if w == nil {
		var reason dropReason
		var ok bool
		if w, reason, ok = t.windowFor(spec); !ok {
			return reason, false
		}
	}
	if !w.window.add(column, delta, ts, now) {
		return reasonTooOld, false
	}
	w.lastAdd, w.lastSeen = now, now
	return 0, true
}

// evict forgets instances silent for longer than the TTL, windows that time has emptied, and
// windows no point has reached for longer than the TTL: after the routing tier moved a feature
// to another replica, this replica stops publishing its frozen fleet gauges after instance_ttl.
func (t *tracker) evict(now int64) (evictedInstances int64) {
	for key, inst := range t.instances {
		if inst.lastSeen < now-int64(t.instanceTTL) {
			delete(t.instances, key)
			for _, bs := range inst.series {
				t.series -= len(bs.last)
			}
			evictedInstances++
		}
	}
	t.evicted += evictedInstances
	for spec, w := range t.windows {
		if w.lastSeen < now-int64(t.instanceTTL) || (w.lastAdd < now-int64(t.window) && w.window.empty(now)) {
			delete(t.windows, spec)
			if t.windowsPerBaseline[spec.baselineID]--; t.windowsPerBaseline[spec.baselineID] == 0 {
				delete(t.windowsPerBaseline, spec.baselineID)
			}
		}
	}
	return evictedInstances
}

// fleetDrift is the fleet PSI of one feature at one moment.
type fleetDrift struct {
	spec     *featureSpec
	counts   []float64 // window count per bin
	n        float64   // observations in the window
	psi      float64
	critical float64
	hasPSI   bool // false when the window is empty
	signals  fleetSignals
}

// snapshot computes the PSI of every tracked window at time now, ordered by baseline and name.
func (t *tracker) snapshot(now int64) []fleetDrift {
	out := make([]fleetDrift, 0, len(t.windows))
	for spec, w := range t.windows {
		columns := make([]float64, spec.bins()+extraColumns)
		w.window.sumInto(columns, now)
		counts := columns[:spec.bins()]
		d := fleetDrift{spec: spec, counts: counts, n: sum(counts), signals: fleetSignalsOf(spec, columns)}
		if value, ok := psi(spec.reference, counts); ok {
			critical, _ := psiCritical(spec.referenceSize, d.n, spec.bins())
			d.psi, d.critical, d.hasPSI = value, critical, true
		}
		out = append(out, d)
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].spec.baselineID != out[j].spec.baselineID {
			return out[i].spec.baselineID < out[j].spec.baselineID
		}
		return out[i].spec.name < out[j].spec.name
	})
	return out
}
