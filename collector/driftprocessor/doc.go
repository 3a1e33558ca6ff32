// Package driftprocessor computes fleet-wide Population Stability Index (PSI) from the
// statewatch.feature.observations counters of every instance that reports through the collector.
//
//go:generate bash ../generate.sh
package driftprocessor // import "github.com/statewatch/statewatch/collector/driftprocessor"
