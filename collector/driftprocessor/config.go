package driftprocessor

import (
	"errors"
	"fmt"
	"time"

	"go.opentelemetry.io/collector/component"
)

// Config is the drift processor's configuration.
type Config struct {
	// Baselines are paths of baseline.json files, the same files the SDK loads.
	Baselines []string `mapstructure:"baselines"`
	// Window is the length of the sliding window PSI is computed over.
	Window time.Duration `mapstructure:"window"`
	// Buckets is the number of sub-windows the window is made of.
	Buckets int `mapstructure:"buckets"`
	// EmitInterval is how often the fleet gauges are computed and sent down the pipeline.
	EmitInterval time.Duration `mapstructure:"emit_interval"`
	// MaxFeatures caps the feature windows (feature and baseline pairs) tracked.
	MaxFeatures int `mapstructure:"max_features"`
	// MaxBaselines caps the distinct baselines tracked (and loaded).
	MaxBaselines int `mapstructure:"max_baselines"`
	// MaxInstances caps the reporting instances whose cumulative counters are tracked.
	MaxInstances int `mapstructure:"max_instances"`
	// InstanceTTL forgets an instance that has not reported for this long.
	InstanceTTL time.Duration `mapstructure:"instance_ttl"`
	// MaxSeries caps the cumulative series slots (an instance's bins, missing and unseen columns
	// of every feature of a baseline) whose last value is kept: the bulk of the processor's
	// memory, 24 bytes each (docs/benchmarks.md).
	MaxSeries int `mapstructure:"max_series"`
	// MaxPointIncrease is the plausibility cap: a data point that adds more observations than
	// this to the window (a delta, or a cumulative value's increase) is dropped as implausible.
	MaxPointIncrease float64 `mapstructure:"max_point_increase"`
	// PassThroughCounters passes the instances' observation and missing counters on to the
	// next consumer. Off, they stop here: a replica then holds only the processor's capped state,
	// not every instance's per-bin series in the exporter.
	PassThroughCounters bool `mapstructure:"pass_through_counters"`

	// prevent unkeyed literal initialization
	_ struct{}
}

var _ component.Config = (*Config)(nil)

const (
	defaultWindow       = 15 * time.Minute
	defaultBuckets      = 15
	defaultEmitInterval = 30 * time.Second
	defaultMaxFeatures  = 1000
	defaultMaxBaselines = 100
	defaultMaxInstances = 100_000
	defaultInstanceTTL  = 5 * time.Minute
	// defaultMaxSeries: ~100 MB of state, which keeps a 512 MiB pod clear of its memory_limiter
	// (docs/benchmarks.md): 105,000 instances of the demo baseline (38 slots each), 3,333 of a
	// 100-feature one (1,200 slots each).
	defaultMaxSeries = 4_000_000
	// defaultMaxPointIncrease: a billion observations of one bin between two exports of one
	// instance is far beyond any real service, and far below float64's exact-integer range.
	defaultMaxPointIncrease = 1e9
	// maxExactCount is 2^53: beyond it float64 counts are no longer exact integers.
	maxExactCount = 1 << 53
	// maxBuckets bounds the memory of one feature window (buckets × bins counters).
	maxBuckets = 3600
)

func createDefaultConfig() component.Config {
	return &Config{
		Window:       defaultWindow,
		Buckets:      defaultBuckets,
		EmitInterval: defaultEmitInterval,
		MaxFeatures:  defaultMaxFeatures,
		MaxBaselines: defaultMaxBaselines,
		MaxInstances: defaultMaxInstances,
		InstanceTTL:  defaultInstanceTTL,

		MaxSeries:        defaultMaxSeries,
		MaxPointIncrease: defaultMaxPointIncrease,
	}
}

// Validate checks the configuration; every error names the field. Baseline files are read at
// start-up (Start), where a missing or malformed file fails with its path and the reason.
func (c *Config) Validate() error {
	var errs []error
	bad := func(field string, format string, args ...any) {
		errs = append(errs, fmt.Errorf("%s: %s", field, fmt.Sprintf(format, args...)))
	}
	if len(c.Baselines) == 0 {
		bad("baselines", "must list at least one baseline.json path")
	}
	for i, path := range c.Baselines {
		if path == "" {
			bad(fmt.Sprintf("baselines[%d]", i), "must not be empty")
		}
	}
	if c.Window <= 0 {
		bad("window", "must be a positive duration (got %v)", c.Window)
	}
	if c.Buckets < 1 || c.Buckets > maxBuckets {
		bad("buckets", "must be between 1 and %d (got %d)", maxBuckets, c.Buckets)
	} else if c.Window > 0 && c.Window%time.Duration(c.Buckets) != 0 {
		bad("buckets", "must divide window into whole nanoseconds (window %v, buckets %d)", c.Window, c.Buckets)
	}
	if c.EmitInterval <= 0 {
		bad("emit_interval", "must be a positive duration (got %v)", c.EmitInterval)
	}
	if c.MaxFeatures < 1 {
		bad("max_features", "must be at least 1 (got %d)", c.MaxFeatures)
	}
	if c.MaxBaselines < 1 {
		bad("max_baselines", "must be at least 1 (got %d)", c.MaxBaselines)
	} else if len(c.Baselines) > c.MaxBaselines {
		bad("baselines", "lists %d files, more than max_baselines (%d)", len(c.Baselines), c.MaxBaselines)
	}
	if c.MaxInstances < 1 {
		bad("max_instances", "must be at least 1 (got %d)", c.MaxInstances)
	}
	if c.InstanceTTL <= 0 {
		bad("instance_ttl", "must be a positive duration (got %v)", c.InstanceTTL)
	}
	if c.MaxSeries < 1 {
		bad("max_series", "must be at least 1 (got %d)", c.MaxSeries)
	}
	if !(c.MaxPointIncrease >= 1 && c.MaxPointIncrease <= maxExactCount) {
		bad("max_point_increase", "must be between 1 and 2^53 (got %v)", c.MaxPointIncrease)
	}
	return errors.Join(errs...)
}
