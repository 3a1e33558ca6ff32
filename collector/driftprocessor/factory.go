package driftprocessor

import (
	"context"
	"fmt"

	"go.opentelemetry.io/collector/component"
	"go.opentelemetry.io/collector/consumer"
	"go.opentelemetry.io/collector/processor"
	"go.opentelemetry.io/collector/processor/processorhelper"

	"github.com/statewatch/statewatch/collector/driftprocessor/internal/metadata"
)

// NewFactory returns the factory of the drift processor (type "drift").
func NewFactory() processor.Factory {
	return processor.NewFactory(
		metadata.Type,
		createDefaultConfig,
		processor.WithMetrics(createMetricsProcessor, metadata.MetricsStability),
	)
}

func createMetricsProcessor(ctx context.Context, set processor.Settings, cfg component.Config, next consumer.Metrics) (processor.Metrics, error) {
	config, ok := cfg.(*Config)
	if !ok {
		return nil, fmt.Errorf("drift processor: unexpected config type %T", cfg)
	}
	baselines, err := loadBaselines(config.Baselines)
	if err != nil {
		return nil, err
	}
	telemetry, err := metadata.NewTelemetryBuilder(set.TelemetrySettings)
	if err != nil {
		return nil, err
	}
	p, err := newDriftProcessor(config, baselines, set.Logger, telemetry, next)
	if err != nil {
		return nil, err
	}
	return processorhelper.NewMetrics(ctx, set, cfg, next, p.consume,
		// Removing the counters mutates the batch; passing them through does not.
		processorhelper.WithCapabilities(consumer.Capabilities{MutatesData: !config.PassThroughCounters}),
		processorhelper.WithStart(p.start),
		processorhelper.WithShutdown(p.shutdown),
	)
}

// loadBaselines reads every configured baseline file; the error names the file and the reason.
func loadBaselines(paths []string) (map[string]*baseline, error) {
	baselines := make(map[string]*baseline, len(paths))
	for _, path := range paths {
		b, err := loadBaseline(path)
		if err != nil {
			return nil, fmt.Errorf("drift processor: baseline %w", err)
		}
		if _, dup := baselines[b.id]; !dup {
			baselines[b.id] = b
		}
	}
	return baselines, nil
}
