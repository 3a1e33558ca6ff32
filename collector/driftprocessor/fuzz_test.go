package driftprocessor

import (
	"context"
	"encoding/binary"
	"math"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	"go.opentelemetry.io/collector/pdata/pcommon"
	"go.opentelemetry.io/collector/pdata/pmetric"

	"github.com/statewatch/statewatch/collector/driftprocessor/internal/semconv"
)

// byteReader hands out fuzz bytes as small choices; it yields zeros once the input runs out.
type byteReader struct{ data []byte }

func (r *byteReader) next() byte {
	if len(r.data) == 0 {
		return 0
	}
	b := r.data[0]
	r.data = r.data[1:]
	return b
}

func (r *byteReader) pick(options ...string) string { return options[int(r.next())%len(options)] }

func (r *byteReader) uint64() uint64 {
	var buf [8]byte
	for i := range buf {
		buf[i] = r.next()
	}
	return binary.LittleEndian.Uint64(buf[:])
}

// randomBatch builds a metric batch from fuzz bytes: feature counters and other metrics of any
// type and temporality, real and bogus attributes, any value and any timestamp.
func randomBatch(r *byteReader, baselineID string) pmetric.Metrics {
	md := pmetric.NewMetrics()
	for range int(r.next()%3) + 1 {
		rm := md.ResourceMetrics().AppendEmpty()
		rm.Resource().Attributes().PutStr("service.instance.id", r.pick("a", "b", "c", ""))
		sm := rm.ScopeMetrics().AppendEmpty()
		for range int(r.next() % 4) {
			m := sm.Metrics().AppendEmpty()
			m.SetName(r.pick(semconv.MetricFeatureObservations, semconv.MetricFeatureMissing, semconv.MetricGcAllocated))
			var dps pmetric.NumberDataPointSlice
			switch r.next() % 4 {
			case 0:
				dps = m.SetEmptyGauge().DataPoints()
			case 1:
				m.SetEmptyHistogram().DataPoints().AppendEmpty().SetCount(3)
				continue
			default:
				s := m.SetEmptySum()
				s.SetAggregationTemporality(pmetric.AggregationTemporality(r.next() % 3))
				dps = s.DataPoints()
			}
			for range int(r.next() % 8) {
				dp := dps.AppendEmpty()
				attrs := dp.Attributes()
				if r.next()%8 != 0 {
					attrs.PutStr(semconv.AttrFeatureBaseline, r.pick(baselineID, baselineID, "000000000000"))
				}
				if r.next()%8 != 0 {
					attrs.PutStr(semconv.AttrFeatureName, r.pick("age", "income", "country", "device", "shoe"))
				}
				switch r.next() % 4 {
				case 0:
					attrs.PutInt(semconv.AttrFeatureBin, int64(int8(r.next())))
				case 1:
					attrs.PutStr(semconv.AttrFeatureBin, r.pick("0", "3", "9", "10", "US", "__other__", "-1", ""))
				case 2:
					attrs.PutStr(semconv.AttrFeatureBin, r.pick("mobile", "desktop", "tablet", "FR"))
				}
				switch r.next() % 3 {
				case 0:
					dp.SetIntValue(int64(r.uint64()))
				case 1:
					dp.SetDoubleValue(math.Float64frombits(r.uint64()))
				default:
					dp.SetIntValue(int64(r.next()))
				}
				base := uint64(t0.UnixNano())
				dp.SetStartTimestamp(pcommon.Timestamp(base + uint64(int64(int16(r.next())<<8))*uint64(time.Second)))
				if r.next()%4 == 0 {
					dp.SetTimestamp(pcommon.Timestamp(r.uint64()))
				} else {
					dp.SetTimestamp(pcommon.Timestamp(base + uint64(r.next())*uint64(time.Second)))
				}
			}
		}
	}
	return md
}

// FuzzConsume feeds random batches through the processor and ticks in between: it must never
// panic, always pass the batch on unchanged, and never emit a NaN, infinite or negative gauge.
func FuzzConsume(f *testing.F) {
	f.Add([]byte{})
	f.Add([]byte{2, 1, 3, 2, 0, 7, 1, 1, 0, 2, 3, 1, 5, 9, 0, 0, 0, 0, 0, 0, 0, 4, 1})
	f.Add([]byte("\x01\x00\x02\x03\x00\x01\x01\x02\xff\xff\xff\xff\xff\xff\xff\x7f\x10\x20"))
	f.Add([]byte("statewatch fleet psi fuzz seed with many bytes of input to chew on 0123456789"))
	f.Fuzz(func(t *testing.T, data []byte) {
		h := newHarness(t, func(c *Config) {
			c.MaxFeatures = 3
			c.MaxInstances = 2
			c.InstanceTTL = time.Minute
		})
		r := &byteReader{data: data}
		for step := 0; step < 4; step++ {
			h.now = t0.Add(time.Duration(r.next()) * 10 * time.Second)
			md := randomBatch(r, h.baseline.id)
			var marshaler pmetric.ProtoMarshaler
			before, err := marshaler.MarshalMetrics(md) // bytes: NaN values defeat deep equality
			require.NoError(t, err)
			out, err := h.p.consume(context.Background(), md)
			require.NoError(t, err)
			after, err := marshaler.MarshalMetrics(out)
			require.NoError(t, err)
			require.Equal(t, before, after)
			for _, byMetric := range h.tick() {
				for _, dp := range byMetric {
					v := dp.DoubleValue()
					if dp.ValueType() == pmetric.NumberDataPointValueTypeInt {
						v = float64(dp.IntValue())
					}
					require.False(t, math.IsNaN(v) || math.IsInf(v, 0) || v < 0, "gauge %v", v)
				}
			}
		}
	})
}
