package driftprocessor

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"math"
	"os"
	"regexp"
	"sort"
	"strconv"
	"time"
)

const (
	baselineVersion = 1
	// proportionTolerance is how far stored proportions may be from the smoothed counts.
	proportionTolerance = 1e-9
	featureNumeric      = "numeric"
	featureCategorical  = "categorical"
)

var baselineIDPattern = regexp.MustCompile(`^[0-9a-f]{12}$`)

// featureSpec is one feature of a loaded baseline: its bins and reference counts.
type featureSpec struct {
	baselineID string
	name       string
	kind       string
	edges      []float64
	categories []string
	reference  []float64
	// referenceSize is M, the sum of the reference counts.
	referenceSize float64
	// binOfLabel maps a feature.bin attribute value to its bin index.
	binOfLabel map[string]int
	// hasRange: a numeric feature whose baseline records min and max (new values are counted).
	hasRange bool
	// slot is where this feature's columns start in an instance's last values of its baseline
	// (tracker.go, baselineSeries); set by newTracker.
	slot int
}

func (f *featureSpec) bins() int { return len(f.reference) }

// baseline is a loaded, validated baseline.json.
type baseline struct {
	id       string
	path     string
	features map[string]*featureSpec
}

// baselineError names the file, the field and the problem, like the TypeScript BaselineError.
type baselineError struct {
	source, field, problem string
}

func (e *baselineError) Error() string {
	return fmt.Sprintf("%s: %s: %s", e.source, e.field, e.problem)
}

type rawBaseline struct {
	Version    json.RawMessage            `json:"version"`
	ID         json.RawMessage            `json:"id"`
	CreatedAt  json.RawMessage            `json:"createdAt"`
	SampleSize json.RawMessage            `json:"sampleSize"`
	Features   map[string]json.RawMessage `json:"features"`
}

type rawFeature struct {
	Type        string          `json:"type"`
	Edges       json.RawMessage `json:"edges"`
	Categories  json.RawMessage `json:"categories"`
	Counts      json.RawMessage `json:"counts"`
	Proportions json.RawMessage `json:"proportions"`
	Missing     json.RawMessage `json:"missing"`
	Min         json.RawMessage `json:"min"`
	Max         json.RawMessage `json:"max"`
}

// loadBaseline reads and validates a baseline file (docs/drift-math.md, version 1).
func loadBaseline(path string) (*baseline, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, &baselineError{path, "(file)", fmt.Sprintf("cannot read: %v", err)}
	}
	return parseBaseline(data, path)
}

func parseBaseline(data []byte, source string) (*baseline, error) {
	fail := func(field, format string, args ...any) error {
		return &baselineError{source, field, fmt.Sprintf(format, args...)}
	}
	var raw rawBaseline
	if err := json.Unmarshal(data, &raw); err != nil {
		return nil, fail("(file)", "not a valid baseline JSON object: %v", err)
	}
	var version float64
	if json.Unmarshal(raw.Version, &version) != nil || version != baselineVersion {
		return nil, fail("version", "must be %d (got %s); this statewatch reads version %d", baselineVersion, show(raw.Version), baselineVersion)
	}
	var id string
	if json.Unmarshal(raw.ID, &id) != nil || !baselineIDPattern.MatchString(id) {
		return nil, fail("id", "must be 12 lowercase hex characters (got %s)", show(raw.ID))
	}
	var createdAt string
	if json.Unmarshal(raw.CreatedAt, &createdAt) != nil {
		return nil, fail("createdAt", "must be an ISO-8601 time (got %s)", show(raw.CreatedAt))
	}
	if _, err := time.Parse(time.RFC3339Nano, createdAt); err != nil {
		return nil, fail("createdAt", "must be an ISO-8601 time (got %s)", show(raw.CreatedAt))
	}
	var sampleSize float64
	if json.Unmarshal(raw.SampleSize, &sampleSize) != nil || sampleSize < 1 || sampleSize != math.Trunc(sampleSize) {
		return nil, fail("sampleSize", "must be a positive integer (got %s)", show(raw.SampleSize))
	}
	if len(raw.Features) == 0 {
		return nil, fail("features", "must be an object with at least one feature")
	}
	b := &baseline{id: id, path: source, features: make(map[string]*featureSpec, len(raw.Features))}
	names := make([]string, 0, len(raw.Features))
	for name := range raw.Features {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		spec, err := parseFeature(raw.Features[name], "features."+name, fail)
		if err != nil {
			return nil, err
		}
		spec.baselineID, spec.name = id, name
		b.features[name] = spec
	}
	expected, err := baselineID(raw.Features)
	if err != nil {
		return nil, fail("features", "cannot compute the content hash: %v", err)
	}
	if expected != id {
		return nil, fail("id", "content hash is %s but the file says %s: the file was edited after it was built", expected, id)
	}
	return b, nil
}

func parseFeature(data json.RawMessage, at string, fail func(string, string, ...any) error) (*featureSpec, error) {
	var raw rawFeature
	if err := json.Unmarshal(data, &raw); err != nil {
		return nil, fail(at, "must be an object with type, counts, proportions and missing (got %s)", show(data))
	}
	spec := &featureSpec{kind: raw.Type, binOfLabel: map[string]int{}}
	switch raw.Type {
	case featureNumeric:
		var edges []any
		if json.Unmarshal(raw.Edges, &edges) != nil || edges == nil {
			return nil, fail(at+".edges", "must be an array of numbers (got %s)", show(raw.Edges))
		}
		for i, e := range edges {
			v, ok := e.(float64)
			if !ok {
				return nil, fail(fmt.Sprintf("%s.edges[%d]", at, i), "must be a finite number (got %v)", e)
			}
			if i > 0 && !(v > spec.edges[i-1]) {
				return nil, fail(fmt.Sprintf("%s.edges[%d]", at, i), "must be greater than edges[%d] (got %v after %v)", i-1, v, spec.edges[i-1])
			}
			spec.edges = append(spec.edges, v)
		}
		for i := 0; i <= len(spec.edges); i++ {
			spec.binOfLabel[strconv.Itoa(i)] = i
		}
		hasRange, err := parseRange(raw, at, fail)
		if err != nil {
			return nil, err
		}
		spec.hasRange = hasRange
	case featureCategorical:
		var categories []any
		if json.Unmarshal(raw.Categories, &categories) != nil || categories == nil {
			return nil, fail(at+".categories", "must be an array of strings (got %s)", show(raw.Categories))
		}
		for i, c := range categories {
			s, ok := c.(string)
			field := fmt.Sprintf("%s.categories[%d]", at, i)
			if !ok {
				return nil, fail(field, "must be a string (got %v)", c)
			}
			if s == featureBinOther {
				return nil, fail(field, "'%s' is the implicit last bin", featureBinOther)
			}
			if _, dup := spec.binOfLabel[s]; dup {
				return nil, fail(field, "duplicate category %q", s)
			}
			spec.binOfLabel[s] = i
			spec.categories = append(spec.categories, s)
		}
		spec.binOfLabel[featureBinOther] = len(spec.categories)
	default:
		return nil, fail(at+".type", `must be "numeric" or "categorical" (got %q)`, raw.Type)
	}
	bins := len(spec.binOfLabel)
	if bins < 2 {
		return nil, fail(at, "needs at least 2 bins (got %d)", bins)
	}
	var counts []any
	if json.Unmarshal(raw.Counts, &counts) != nil || counts == nil {
		return nil, fail(at+".counts", "must be an array (got %s)", show(raw.Counts))
	}
	if len(counts) != bins {
		return nil, fail(at+".counts", "must have %d entries, one per bin (got %d)", bins, len(counts))
	}
	for i, c := range counts {
		v, ok := c.(float64)
		if !ok || v < 0 || v != math.Trunc(v) {
			return nil, fail(fmt.Sprintf("%s.counts[%d]", at, i), "must be a non-negative integer (got %v)", c)
		}
		spec.reference = append(spec.reference, v)
	}
	spec.referenceSize = sum(spec.reference)
	if spec.referenceSize == 0 {
		return nil, fail(at+".counts", "must not all be zero")
	}
	var proportions []any
	if json.Unmarshal(raw.Proportions, &proportions) != nil || len(proportions) != bins {
		return nil, fail(at+".proportions", "must be an array of %d numbers (got %s)", bins, show(raw.Proportions))
	}
	expected := smoothedProportions(spec.reference)
	for i, p := range proportions {
		v, ok := p.(float64)
		if !ok || !(math.Abs(v-expected[i]) <= proportionTolerance) {
			return nil, fail(fmt.Sprintf("%s.proportions[%d]", at, i), "must be the smoothed share %v of counts (got %v)", expected[i], p)
		}
	}
	var missing float64
	if json.Unmarshal(raw.Missing, &missing) != nil || missing < 0 || missing != math.Trunc(missing) {
		return nil, fail(at+".missing", "must be a non-negative integer (got %s)", show(raw.Missing))
	}
	return spec, nil
}

// parseRange checks the optional min and max of a numeric feature: both or neither, finite
// numbers, min <= max.
func parseRange(raw rawFeature, at string, fail func(string, string, ...any) error) (bool, error) {
	if raw.Min == nil && raw.Max == nil {
		return false, nil
	}
	var bounds [2]float64
	for i, field := range []struct {
		name string
		raw  json.RawMessage
	}{{"min", raw.Min}, {"max", raw.Max}} {
		if string(field.raw) == "null" || json.Unmarshal(field.raw, &bounds[i]) != nil {
			return false, fail(at+"."+field.name, "must be a finite number when min or max is given (got %s)", show(field.raw))
		}
	}
	if !(bounds[0] <= bounds[1]) {
		return false, fail(at+".min", "must not be greater than max (got %v > %v)", bounds[0], bounds[1])
	}
	return true, nil
}

// featureBinOther is the last bin of a categorical feature.
const featureBinOther = "__other__"

// baselineID is the first 12 hex characters of the SHA-256 of the canonical JSON of
// { version, features }: keys sorted, no whitespace, numbers in shortest round-trip form.
func baselineID(features map[string]json.RawMessage) (string, error) {
	decoded := make(map[string]any, len(features))
	for name, raw := range features {
		var v any
		if err := json.Unmarshal(raw, &v); err != nil {
			return "", err
		}
		decoded[name] = v
	}
	canonical, err := canonicalJSON(map[string]any{"features": decoded, "version": baselineVersion})
	if err != nil {
		return "", err
	}
	digest := sha256.Sum256(canonical)
	return hex.EncodeToString(digest[:])[:12], nil
}

// canonicalJSON writes value as JSON.stringify would after sorting keys: Go sorts map keys
// and formats float64 like JavaScript; HTML escaping is off because JavaScript does none.
func canonicalJSON(value any) ([]byte, error) {
	var out bytes.Buffer
	encoder := json.NewEncoder(&out)
	encoder.SetEscapeHTML(false)
	if err := encoder.Encode(value); err != nil {
		return nil, err
	}
	return bytes.TrimSuffix(out.Bytes(), []byte("\n")), nil
}

func show(raw json.RawMessage) string {
	if len(raw) == 0 {
		return "nothing"
	}
	if len(raw) > 60 {
		return string(raw[:57]) + "..."
	}
	return string(raw)
}
