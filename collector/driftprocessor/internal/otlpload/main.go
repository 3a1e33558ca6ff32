// Command otlpload sends the feature counters of a fleet to an OTLP/HTTP endpoint, the way
// @statewatch/feature-drift instances export them: one request per instance export, cumulative
// counters for every bin of every feature of a baseline, values growing from export to export.
// It drives the side-by-side CPU measurement in collector/bench/overhead.sh.
package main

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"net/http"
	"os"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	"go.opentelemetry.io/collector/pdata/pcommon"
	"go.opentelemetry.io/collector/pdata/pmetric"

	"github.com/statewatch/statewatch/collector/driftprocessor/internal/semconv"
)

type baselineFile struct {
	ID       string `json:"id"`
	Features map[string]struct {
		Type       string    `json:"type"`
		Edges      []float64 `json:"edges"`
		Categories []string  `json:"categories"`
	} `json:"features"`
}

type series struct{ feature, bin string }

func main() {
	urls := flag.String("url", "http://127.0.0.1:4318/v1/metrics", "OTLP/HTTP metrics endpoints, comma-separated: every request goes to each")
	baselinePath := flag.String("baseline", "", "baseline.json whose features and bins are sent")
	instances := flag.Int("instances", 50, "instances in the fleet")
	exports := flag.Int("exports", 100, "exports per instance")
	concurrency := flag.Int("concurrency", 4, "requests in flight")
	flag.Parse()

	data, err := os.ReadFile(*baselinePath)
	if err != nil {
		fail(err)
	}
	var bl baselineFile
	if err := json.Unmarshal(data, &bl); err != nil {
		fail(err)
	}
	var all []series
	for name, f := range bl.Features {
		if f.Type == "numeric" {
			for b := 0; b <= len(f.Edges); b++ {
				all = append(all, series{name, strconv.Itoa(b)})
			}
		} else {
			for _, c := range f.Categories {
				all = append(all, series{name, c})
			}
			all = append(all, series{name, "__other__"})
		}
	}
	sort.Slice(all, func(i, j int) bool { return all[i].feature+all[i].bin < all[j].feature+all[j].bin })

	start := pcommon.NewTimestampFromTime(time.Now())
	jobs := make(chan [2]int)
	var wg sync.WaitGroup
	var mu sync.Mutex
	sent, failed := 0, 0
	began := time.Now()
	for w := 0; w < *concurrency; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for job := range jobs {
				instance, export := job[0], job[1]
				md := pmetric.NewMetrics()
				rm := md.ResourceMetrics().AppendEmpty()
				rm.Resource().Attributes().PutStr("service.name", "scoring")
				rm.Resource().Attributes().PutStr("service.instance.id", fmt.Sprintf("pod-%03d", instance))
				sm := rm.ScopeMetrics().AppendEmpty()
				sm.Scope().SetName("@statewatch/feature-drift")
				m := sm.Metrics().AppendEmpty()
				m.SetName(semconv.MetricFeatureObservations)
				s := m.SetEmptySum()
				s.SetIsMonotonic(true)
				s.SetAggregationTemporality(pmetric.AggregationTemporalityCumulative)
				ts := pcommon.NewTimestampFromTime(time.Now())
				for i, se := range all {
					dp := s.DataPoints().AppendEmpty()
					dp.Attributes().PutStr(semconv.AttrFeatureName, se.feature)
					dp.Attributes().PutStr(semconv.AttrFeatureBin, se.bin)
					dp.Attributes().PutStr(semconv.AttrFeatureBaseline, bl.ID)
					dp.SetStartTimestamp(start)
					dp.SetTimestamp(ts)
					dp.SetIntValue(int64((export + 1) * (10 + i%7)))
				}
				// MetricsData and ExportMetricsServiceRequest share one wire format (field 1:
				// repeated ResourceMetrics), so the plain proto marshaler makes the request body.
				body, err := (&pmetric.ProtoMarshaler{}).MarshalMetrics(md)
				if err != nil {
					fail(err)
				}
				// Alternate which endpoint gets each request first, so neither is always ahead.
				targets := strings.Split(*urls, ",")
				for k := range targets {
					url := targets[(k+instance+export)%len(targets)]
					resp, err := http.Post(url, "application/x-protobuf", bytes.NewReader(body))
					ok := err == nil && resp.StatusCode == http.StatusOK
					if resp != nil {
						resp.Body.Close()
					}
					mu.Lock()
					if ok {
						sent++
					} else {
						failed++
					}
					mu.Unlock()
				}
			}
		}()
	}
	for export := 0; export < *exports; export++ {
		for instance := 0; instance < *instances; instance++ {
			jobs <- [2]int{instance, export}
		}
	}
	close(jobs)
	wg.Wait()
	elapsed := time.Since(began)
	points := sent * len(all) / len(strings.Split(*urls, ","))
	fmt.Printf(`{"requests_per_endpoint":%d,"failed":%d,"datapoints":%d,"seconds":%.3f}`+"\n", sent/len(strings.Split(*urls, ",")), failed, points, elapsed.Seconds())
	if failed > 0 {
		os.Exit(1)
	}
}

func fail(err error) {
	fmt.Fprintln(os.Stderr, "otlpload:", err)
	os.Exit(2)
}
