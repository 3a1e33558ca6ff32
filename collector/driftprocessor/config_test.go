package driftprocessor

import (
	"context"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.opentelemetry.io/collector/component"
	"go.opentelemetry.io/collector/confmap/confmaptest"
	"go.opentelemetry.io/collector/consumer/consumertest"
	"go.opentelemetry.io/collector/processor/processortest"

	"github.com/statewatch/statewatch/collector/driftprocessor/internal/metadata"
)

func loadTestConfig(t *testing.T, name string) *Config {
	t.Helper()
	cm, err := confmaptest.LoadConf(filepath.Join("testdata", "config.yaml"))
	require.NoError(t, err)
	var id component.ID
	require.NoError(t, id.UnmarshalText([]byte(name)))
	sub, err := cm.Sub(id.String())
	require.NoError(t, err)
	cfg := createDefaultConfig().(*Config)
	require.NoError(t, sub.Unmarshal(cfg))
	return cfg
}

func TestLoadConfig(t *testing.T) {
	cfg := loadTestConfig(t, "drift")
	require.NoError(t, cfg.Validate())
	assert.Equal(t, []string{"testdata/baseline.json"}, cfg.Baselines)
	assert.Equal(t, 15*time.Minute, cfg.Window, "defaults match the SDK monitor")
	assert.Equal(t, 15, cfg.Buckets)
	assert.Equal(t, 30*time.Second, cfg.EmitInterval)

	custom := loadTestConfig(t, "drift/custom")
	require.NoError(t, custom.Validate())
	assert.Equal(t, 30*time.Minute, custom.Window)
	assert.Equal(t, 30, custom.Buckets)
	assert.Equal(t, 10*time.Second, custom.EmitInterval)
	assert.Equal(t, 50, custom.MaxFeatures)
	assert.Equal(t, 5, custom.MaxBaselines)
	assert.Equal(t, 200, custom.MaxInstances)
	assert.Equal(t, 2*time.Minute, custom.InstanceTTL)
}

func TestValidateNamesEveryBadField(t *testing.T) {
	err := loadTestConfig(t, "drift/bad").Validate()
	require.Error(t, err)
	for _, field := range []string{"baselines:", "window:", "buckets:", "emit_interval:", "max_features:", "max_baselines:", "max_instances:", "instance_ttl:"} {
		assert.Contains(t, err.Error(), field)
	}
}

func TestValidateSingleProblems(t *testing.T) {
	cases := map[string]struct {
		edit func(*Config)
		want string
	}{
		"empty path":            {func(c *Config) { c.Baselines = []string{"a.json", ""} }, "baselines[1]: must not be empty"},
		"too many baselines":    {func(c *Config) { c.Baselines = []string{"a", "b", "c"}; c.MaxBaselines = 2 }, "baselines: lists 3 files, more than max_baselines (2)"},
		"buckets do not divide": {func(c *Config) { c.Window = time.Second; c.Buckets = 7 }, "buckets: must divide window"},
		"too many buckets":      {func(c *Config) { c.Buckets = maxBuckets + 1 }, "buckets: must be between 1 and"},
	}
	for name, c := range cases {
		t.Run(name, func(t *testing.T) {
			cfg := createDefaultConfig().(*Config)
			cfg.Baselines = []string{"testdata/baseline.json"}
			c.edit(cfg)
			err := cfg.Validate()
			require.Error(t, err)
			assert.Contains(t, err.Error(), c.want)
		})
	}
}

// writeBaseline writes a mangled copy of the test baseline.
func writeBaseline(t *testing.T, mangle func(string) string) string {
	t.Helper()
	data, err := os.ReadFile(testBaselinePath)
	require.NoError(t, err)
	path := filepath.Join(t.TempDir(), "baseline.json")
	require.NoError(t, os.WriteFile(path, []byte(mangle(string(data))), 0o600))
	return path
}

func TestBadBaselineFailsAtStartUpWithPathAndReason(t *testing.T) {
	replace := func(old, new string) func(string) string {
		return func(s string) string {
			out := stringsReplaceOnce(s, old, new)
			require.NotEqual(t, s, out, "the test must change the file")
			return out
		}
	}
	cases := map[string]struct {
		path func(t *testing.T) string
		want string
	}{
		"missing file": {func(*testing.T) string { return "testdata/nope.json" }, "testdata/nope.json: (file): cannot read"},
		"not JSON":     {func(t *testing.T) string { return writeBaseline(t, func(string) string { return "{ nope" }) }, "(file): not a valid baseline JSON object"},
		"edited count": {func(t *testing.T) string {
			return writeBaseline(t, replace("\"counts\": [\n        1981", "\"counts\": [\n        1980"))
		}, "features.age.proportions[0]: must be the smoothed share"},
		"edited id": {func(t *testing.T) string {
			return writeBaseline(t, replace(`"id": "240e85e26f6d"`, `"id": "240e85e26f6e"`))
		}, "id: content hash is 240e85e26f6d but the file says 240e85e26f6e"},
		"version 2": {func(t *testing.T) string { return writeBaseline(t, replace(`"version": 1`, `"version": 2`)) }, "version: must be 1 (got 2)"},
		"count not an integer": {func(t *testing.T) string {
			return writeBaseline(t, replace("\"counts\": [\n        1981", "\"counts\": [\n        1981.5"))
		}, "features.age.counts[0]: must be a non-negative integer"},
		"bad proportion": {func(t *testing.T) string {
			return writeBaseline(t, replace("\"proportions\": [\n        0.", "\"proportions\": [\n        0.9"))
		}, "features.age.proportions[0]: must be the smoothed share"},
		"other as category": {func(t *testing.T) string { return writeBaseline(t, replace(`"US"`, `"__other__"`)) }, "features.country.categories[0]: '__other__' is the implicit last bin"},
	}
	for name, c := range cases {
		t.Run(name, func(t *testing.T) {
			path := c.path(t)
			cfg := createDefaultConfig().(*Config)
			cfg.Baselines = []string{path}
			require.NoError(t, cfg.Validate())
			_, err := NewFactory().CreateMetrics(context.Background(), processortest.NewNopSettings(metadata.Type), cfg, consumertest.NewNop())
			require.Error(t, err)
			assert.Contains(t, err.Error(), path)
			assert.Contains(t, err.Error(), c.want)
		})
	}
}

func TestTestBaselineLoads(t *testing.T) {
	b, err := loadBaseline(testBaselinePath)
	require.NoError(t, err)
	assert.Equal(t, "240e85e26f6d", b.id)
	assert.Len(t, b.features, 4)
	country := b.features["country"]
	assert.Equal(t, 5, country.binOfLabel[featureBinOther])
	assert.Equal(t, 1, country.binOfLabel["DE"])
	age := b.features["age"]
	assert.Equal(t, age.bins()-1, age.binOfLabel["9"])
}
