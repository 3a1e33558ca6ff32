package driftprocessor

import (
	"context"
	"errors"
	"path/filepath"
	"testing"

	"github.com/open-telemetry/opentelemetry-collector-contrib/pkg/golden"
	"github.com/open-telemetry/opentelemetry-collector-contrib/pkg/pdatatest/pmetrictest"
	"github.com/stretchr/testify/require"
	"go.opentelemetry.io/collector/processor/processorhelper"
)

// TestGolden feeds testdata/<behaviour>/input.yaml through the processor and compares what it
// passes on with output.yaml (pmetrictest, as the contrib processors do).
func TestGolden(t *testing.T) {
	for _, c := range []struct {
		behaviour string
		edit      func(*Config)
	}{
		{"counters_stop_at_the_processor", func(c *Config) { c.PassThroughCounters = false }},
		{"counters_pass_through_with_the_option", func(c *Config) { c.PassThroughCounters = true }},
		{"a_batch_of_only_counters_sends_nothing_on", func(c *Config) { c.PassThroughCounters = false }},
	} {
		t.Run(c.behaviour, func(t *testing.T) {
			dir := filepath.Join("testdata", c.behaviour)
			h := newHarness(t, c.edit)
			input, err := golden.ReadMetrics(filepath.Join(dir, "input.yaml"))
			require.NoError(t, err)
			h.now = input.ResourceMetrics().At(0).ScopeMetrics().At(0).Metrics().At(0).Sum().DataPoints().At(0).Timestamp().AsTime()
			out, err := h.p.consume(context.Background(), input)
			if errors.Is(err, processorhelper.ErrSkipProcessingData) {
				require.Equal(t, 0, out.ResourceMetrics().Len(), "skipped, so nothing is left")
				return
			}
			require.NoError(t, err)
			want, err := golden.ReadMetrics(filepath.Join(dir, "output.yaml"))
			require.NoError(t, err)
			require.NoError(t, pmetrictest.CompareMetrics(want, out))
		})
	}
}
