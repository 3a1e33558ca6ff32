package driftprocessor

import (
	"reflect"
	"sort"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.opentelemetry.io/collector/confmap"
	"go.opentelemetry.io/collector/confmap/confmaptest"
)

// config.schema.yaml lists exactly the Config fields, and its defaults are createDefaultConfig's.
func TestConfigSchemaMatchesConfig(t *testing.T) {
	schema, err := confmaptest.LoadConf("config.schema.yaml")
	require.NoError(t, err)
	properties, ok := schema.ToStringMap()["properties"].(map[string]any)
	require.True(t, ok)

	var fields []string
	configType := reflect.TypeOf(Config{})
	for i := range configType.NumField() {
		if tag := configType.Field(i).Tag.Get("mapstructure"); tag != "" {
			fields = append(fields, strings.Split(tag, ",")[0])
		}
	}
	var listed []string
	defaults := map[string]any{}
	for name, p := range properties {
		listed = append(listed, name)
		if d, ok := p.(map[string]any)["default"]; ok {
			defaults[name] = d
		}
	}
	sort.Strings(fields)
	sort.Strings(listed)
	assert.Equal(t, fields, listed)

	fromSchema := &Config{}
	require.NoError(t, confmap.NewFromStringMap(defaults).Unmarshal(fromSchema))
	assert.Equal(t, createDefaultConfig(), fromSchema)
}
