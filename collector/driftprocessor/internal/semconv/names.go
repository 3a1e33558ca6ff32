// Code generated from packages/semconv by `npm run generate`. DO NOT EDIT.

// Package semconv holds the statewatch metric and attribute names.
package semconv

// MetricGcPauseDuration is a Histogram in s: Every GC pause, all entries of every observer batch.
const MetricGcPauseDuration = "statewatch.gc.pause.duration"
const UnitGcPauseDuration = "s"
const PrometheusNameGcPauseDuration = "statewatch_gc_pause_duration_seconds"
const DescriptionGcPauseDuration = "Every GC pause, all entries of every observer batch."

// MetricGcAllocated is a Counter in By: Bytes allocated on the V8 heap: V8's total_allocated_bytes where Node has it (26+), estimated from the heap read after each GC batch elsewhere.
const MetricGcAllocated = "statewatch.gc.allocated"
const UnitGcAllocated = "By"
const PrometheusNameGcAllocated = "statewatch_gc_allocated_bytes_total"
const DescriptionGcAllocated = "Bytes allocated on the V8 heap: V8's total_allocated_bytes where Node has it (26+), estimated from the heap read after each GC batch elsewhere."

// MetricGcReclaimed is a Counter in By: Bytes freed by GC (an estimate: from the heap read after each GC batch).
const MetricGcReclaimed = "statewatch.gc.reclaimed"
const UnitGcReclaimed = "By"
const PrometheusNameGcReclaimed = "statewatch_gc_reclaimed_bytes_total"
const DescriptionGcReclaimed = "Bytes freed by GC (an estimate: from the heap read after each GC batch)."

// MetricGcHeapLive is a Gauge in By: Used heap right after the latest major GC (the live set).
const MetricGcHeapLive = "statewatch.gc.heap.live"
const UnitGcHeapLive = "By"
const PrometheusNameGcHeapLive = "statewatch_gc_heap_live_bytes"
const DescriptionGcHeapLive = "Used heap right after the latest major GC (the live set)."

// MetricGcHeapLimit is a Gauge in By: V8 heap size limit.
const MetricGcHeapLimit = "statewatch.gc.heap.limit"
const UnitGcHeapLimit = "By"
const PrometheusNameGcHeapLimit = "statewatch_gc_heap_limit_bytes"
const DescriptionGcHeapLimit = "V8 heap size limit."

// MetricLockWaitDuration is a Histogram in s: From asking for the lock to getting it, or giving up.
const MetricLockWaitDuration = "statewatch.lock.wait.duration"
const UnitLockWaitDuration = "s"
const PrometheusNameLockWaitDuration = "statewatch_lock_wait_duration_seconds"
const DescriptionLockWaitDuration = "From asking for the lock to getting it, or giving up."

// MetricLockHoldDuration is a Histogram in s: From getting the lock to releasing it.
const MetricLockHoldDuration = "statewatch.lock.hold.duration"
const UnitLockHoldDuration = "s"
const PrometheusNameLockHoldDuration = "statewatch_lock_hold_duration_seconds"
const DescriptionLockHoldDuration = "From getting the lock to releasing it."

// MetricLockAcquisitions is a Counter in {acquisition}: Granted acquisitions; contended = someone held it when asked.
const MetricLockAcquisitions = "statewatch.lock.acquisitions"
const UnitLockAcquisitions = "{acquisition}"
const PrometheusNameLockAcquisitions = "statewatch_lock_acquisitions_total"
const DescriptionLockAcquisitions = "Granted acquisitions; contended = someone held it when asked."

// MetricLockWaiterCount is a UpDownCounter in {waiter}: Callers waiting right now.
const MetricLockWaiterCount = "statewatch.lock.waiter.count"
const UnitLockWaiterCount = "{waiter}"
const PrometheusNameLockWaiterCount = "statewatch_lock_waiter_count"
const DescriptionLockWaiterCount = "Callers waiting right now."

// MetricLockThrottleDuration is a Histogram in s: The part of a granted wait caused by a rate limit (bottleneck minTime or an empty reservoir), not by a busy slot.
const MetricLockThrottleDuration = "statewatch.lock.throttle.duration"
const UnitLockThrottleDuration = "s"
const PrometheusNameLockThrottleDuration = "statewatch_lock_throttle_duration_seconds"
const DescriptionLockThrottleDuration = "The part of a granted wait caused by a rate limit (bottleneck minTime or an empty reservoir), not by a busy slot."

// MetricLockAttempts is a Counter in {attempt}: Tries to take a distributed lock (redlock: the first try and every retry), granted or not.
const MetricLockAttempts = "statewatch.lock.attempts"
const UnitLockAttempts = "{attempt}"
const PrometheusNameLockAttempts = "statewatch_lock_attempts_total"
const DescriptionLockAttempts = "Tries to take a distributed lock (redlock: the first try and every retry), granted or not."

// MetricLockLeaseExtensions is a Counter in {extension}: Leases of a distributed lock extended before they ran out (redlock's extend, auto-extension included).
const MetricLockLeaseExtensions = "statewatch.lock.lease.extensions"
const UnitLockLeaseExtensions = "{extension}"
const PrometheusNameLockLeaseExtensions = "statewatch_lock_lease_extensions_total"
const DescriptionLockLeaseExtensions = "Leases of a distributed lock extended before they ran out (redlock's extend, auto-extension included)."

// MetricLockLeaseLost is a Counter in {lease}: Leases of a distributed lock lost while held: an extension or release did not reach a quorum (the lease expired, was deleted or taken, or Redis erred).
const MetricLockLeaseLost = "statewatch.lock.lease.lost"
const UnitLockLeaseLost = "{lease}"
const PrometheusNameLockLeaseLost = "statewatch_lock_lease_lost_total"
const DescriptionLockLeaseLost = "Leases of a distributed lock lost while held: an extension or release did not reach a quorum (the lease expired, was deleted or taken, or Redis erred)."

// MetricLockSamplingInterval is a Gauge in {acquisition}: Wait and hold durations of this lock are recorded for 1 in this many acquisitions, each with this weight (1: every one); counts stay exact.
const MetricLockSamplingInterval = "statewatch.lock.sampling.interval"
const UnitLockSamplingInterval = "{acquisition}"
const PrometheusNameLockSamplingInterval = "statewatch_lock_sampling_interval"
const DescriptionLockSamplingInterval = "Wait and hold durations of this lock are recorded for 1 in this many acquisitions, each with this weight (1: every one); counts stay exact."

// MetricCloneDuration is a Histogram in s: Time of one copy.
const MetricCloneDuration = "statewatch.clone.duration"
const UnitCloneDuration = "s"
const PrometheusNameCloneDuration = "statewatch_clone_duration_seconds"
const DescriptionCloneDuration = "Time of one copy."

// MetricCloneEntries is a Histogram in {entry}: Top-level entries of the source (Map/Set size, array length, own keys).
const MetricCloneEntries = "statewatch.clone.entries"
const UnitCloneEntries = "{entry}"
const PrometheusNameCloneEntries = "statewatch_clone_entries"
const DescriptionCloneEntries = "Top-level entries of the source (Map/Set size, array length, own keys)."

// MetricCloneSize is a Histogram in By: Estimated size of the copy, on sampled calls.
const MetricCloneSize = "statewatch.clone.size"
const UnitCloneSize = "By"
const PrometheusNameCloneSize = "statewatch_clone_size_bytes"
const DescriptionCloneSize = "Estimated size of the copy, on sampled calls."

// MetricCloneCopies is a Counter in {copy}: Every copy, timed or not (exact).
const MetricCloneCopies = "statewatch.clone.copies"
const UnitCloneCopies = "{copy}"
const PrometheusNameCloneCopies = "statewatch_clone_copies_total"
const DescriptionCloneCopies = "Every copy, timed or not (exact)."

// MetricCloneSamplingInterval is a Gauge in {copy}: Copies of this strategy and site are timed 1 in this many, each recorded with this weight (1: every copy); the copies counter stays exact.
const MetricCloneSamplingInterval = "statewatch.clone.sampling.interval"
const UnitCloneSamplingInterval = "{copy}"
const PrometheusNameCloneSamplingInterval = "statewatch_clone_sampling_interval"
const DescriptionCloneSamplingInterval = "Copies of this strategy and site are timed 1 in this many, each recorded with this weight (1: every copy); the copies counter stays exact."

// MetricFeatureObservations is a Counter in {observation}: Values seen, per baseline bin.
const MetricFeatureObservations = "statewatch.feature.observations"
const UnitFeatureObservations = "{observation}"
const PrometheusNameFeatureObservations = "statewatch_feature_observations_total"
const DescriptionFeatureObservations = "Values seen, per baseline bin."

// MetricFeatureMissing is a Counter in {observation}: Null, undefined, NaN or wrong-typed values.
const MetricFeatureMissing = "statewatch.feature.missing"
const UnitFeatureMissing = "{observation}"
const PrometheusNameFeatureMissing = "statewatch_feature_missing_total"
const DescriptionFeatureMissing = "Null, undefined, NaN or wrong-typed values."

// MetricFeaturePsi is a Gauge in {psi}: Population Stability Index of the current window against the baseline.
const MetricFeaturePsi = "statewatch.feature.psi"
const UnitFeaturePsi = "{psi}"
const PrometheusNameFeaturePsi = "statewatch_feature_psi"
const DescriptionFeaturePsi = "Population Stability Index of the current window against the baseline."

// MetricFeaturePsiCritical is a Gauge in {psi}: PSI that no-drift data of this window's size exceeds only 1% of the time.
const MetricFeaturePsiCritical = "statewatch.feature.psi.critical"
const UnitFeaturePsiCritical = "{psi}"
const PrometheusNameFeaturePsiCritical = "statewatch_feature_psi_critical"
const DescriptionFeaturePsiCritical = "PSI that no-drift data of this window's size exceeds only 1% of the time."

// MetricFeatureWindowObservations is a Gauge in {observation}: Observations in the current window.
const MetricFeatureWindowObservations = "statewatch.feature.window.observations"
const UnitFeatureWindowObservations = "{observation}"
const PrometheusNameFeatureWindowObservations = "statewatch_feature_window_observations"
const DescriptionFeatureWindowObservations = "Observations in the current window."

// MetricFeatureUnseen is a Counter in {observation}: Values outside the reference: a category the baseline does not name, a number below its min or above its max.
const MetricFeatureUnseen = "statewatch.feature.unseen"
const UnitFeatureUnseen = "{observation}"
const PrometheusNameFeatureUnseen = "statewatch_feature_unseen_total"
const DescriptionFeatureUnseen = "Values outside the reference: a category the baseline does not name, a number below its min or above its max."

// MetricFeatureUnseenShare is a Gauge in 1: Share of the current window's values outside the reference (new values).
const MetricFeatureUnseenShare = "statewatch.feature.unseen.share"
const UnitFeatureUnseenShare = "1"
const PrometheusNameFeatureUnseenShare = "statewatch_feature_unseen_share_ratio"
const DescriptionFeatureUnseenShare = "Share of the current window's values outside the reference (new values)."

// MetricFeatureUnseenShareCritical is a Gauge in 1: Share of new values that data like the reference, in a window of this size, exceeds only 1% of the time.
const MetricFeatureUnseenShareCritical = "statewatch.feature.unseen.share.critical"
const UnitFeatureUnseenShareCritical = "1"
const PrometheusNameFeatureUnseenShareCritical = "statewatch_feature_unseen_share_critical_ratio"
const DescriptionFeatureUnseenShareCritical = "Share of new values that data like the reference, in a window of this size, exceeds only 1% of the time."

// MetricFeaturePsiContribution is a Gauge in {psi}: One bin's term of the PSI sum, for the bins that contribute most (top 3 a feature by default).
const MetricFeaturePsiContribution = "statewatch.feature.psi.contribution"
const UnitFeaturePsiContribution = "{psi}"
const PrometheusNameFeaturePsiContribution = "statewatch_feature_psi_contribution"
const DescriptionFeaturePsiContribution = "One bin's term of the PSI sum, for the bins that contribute most (top 3 a feature by default)."

// MetricFeatureBinShare is a Gauge in 1: Smoothed share of the current window in a bin, for the bins that contribute most to PSI.
const MetricFeatureBinShare = "statewatch.feature.bin.share"
const UnitFeatureBinShare = "1"
const PrometheusNameFeatureBinShare = "statewatch_feature_bin_share_ratio"
const DescriptionFeatureBinShare = "Smoothed share of the current window in a bin, for the bins that contribute most to PSI."

// MetricFeatureBinShareReference is a Gauge in 1: Smoothed share of the reference in a bin, for the same bins as statewatch.feature.bin.share.
const MetricFeatureBinShareReference = "statewatch.feature.bin.share.reference"
const UnitFeatureBinShareReference = "1"
const PrometheusNameFeatureBinShareReference = "statewatch_feature_bin_share_reference_ratio"
const DescriptionFeatureBinShareReference = "Smoothed share of the reference in a bin, for the same bins as statewatch.feature.bin.share."

// MetricV8jsGcDuration is a Histogram in s: Garbage collection duration (the OTel runtime convention; opt-in, coarse buckets, kept for existing Node runtime dashboards).
const MetricV8jsGcDuration = "v8js.gc.duration"
const UnitV8jsGcDuration = "s"
const PrometheusNameV8jsGcDuration = "v8js_gc_duration_seconds"
const DescriptionV8jsGcDuration = "Garbage collection duration (the OTel runtime convention; opt-in, coarse buckets, kept for existing Node runtime dashboards)."

// AttrV8jsGcType: Kind of V8 garbage collection.
const AttrV8jsGcType = "v8js.gc.type"
const AttrV8jsGcTypeMajor = "major"
const AttrV8jsGcTypeMinor = "minor"
const AttrV8jsGcTypeIncremental = "incremental"
const AttrV8jsGcTypeWeakcb = "weakcb"

// AttrLockName: Name the user gave the lock (`unnamed` when none).
const AttrLockName = "lock.name"

// AttrLockKind: Kind of lock (what wait and hold mean for each: docs/metrics-contract.md).
const AttrLockKind = "lock.kind"
const AttrLockKindMutex = "mutex"
const AttrLockKindSemaphore = "semaphore"
const AttrLockKindWebLock = "web_lock"
const AttrLockKindCustom = "custom"
const AttrLockKindLimiter = "limiter"
const AttrLockKindKeyedLock = "keyed_lock"
const AttrLockKindQueue = "queue"
const AttrLockKindRateLimiter = "rate_limiter"
const AttrLockKindDistributedLock = "distributed_lock"

// AttrLockOutcome: How the wait ended.
const AttrLockOutcome = "lock.outcome"
const AttrLockOutcomeAcquired = "acquired"
const AttrLockOutcomeTimeout = "timeout"
const AttrLockOutcomeCanceled = "canceled"
const AttrLockOutcomeRejected = "rejected"

// AttrLockContended: Whether someone held the lock when it was asked for.
const AttrLockContended = "lock.contended"
const AttrLockContendedTrue = "true"
const AttrLockContendedFalse = "false"

// AttrCloneStrategy: How the copy was made.
const AttrCloneStrategy = "clone.strategy"
const AttrCloneStrategyStructuredClone = "structured_clone"
const AttrCloneStrategyRfdc = "rfdc"
const AttrCloneStrategyKlona = "klona"
const AttrCloneStrategyLodash = "lodash"
const AttrCloneStrategyFastCopy = "fast_copy"
const AttrCloneStrategyJson = "json"
const AttrCloneStrategyMapCopy = "map_copy"
const AttrCloneStrategySpread = "spread"
const AttrCloneStrategyCustom = "custom"
const AttrCloneStrategyClone = "clone"
const AttrCloneStrategyUngapStructuredClone = "ungap_structured_clone"
const AttrCloneStrategyV8 = "v8"

// AttrCloneSource: Shape of the value copied.
const AttrCloneSource = "clone.source"
const AttrCloneSourceMap = "map"
const AttrCloneSourceSet = "set"
const AttrCloneSourceArray = "array"
const AttrCloneSourceObject = "object"
const AttrCloneSourceOther = "other"

// AttrCloneSite: Optional call-site label given by the user; absent when not given.
const AttrCloneSite = "clone.site"

// AttrFeatureName: Name of the model input feature.
const AttrFeatureName = "feature.name"

// AttrFeatureBin: Baseline bin index (numeric) or category (categorical; `__other__` for unnamed ones).
const AttrFeatureBin = "feature.bin"

// AttrFeatureBaseline: Short id of the baseline (hash of its content).
const AttrFeatureBaseline = "feature.baseline"

// AttrDriftScope: `instance`: computed in the process; `fleet`: computed by the collector from every instance.
const AttrDriftScope = "drift.scope"
const AttrDriftScopeInstance = "instance"
const AttrDriftScopeFleet = "fleet"

// OverflowValue replaces a user-controlled attribute value past the cap.
const OverflowValue = "__overflow__"
