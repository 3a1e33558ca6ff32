// Rewrites the example baseline (`scoringBaseline()`) where the collector's config and tests
// read it by default: packages/feature-drift/testdata/scoring-baseline.json.
import { writeFileSync } from 'node:fs';
import { scoringBaseline } from '../scoring';
import { EXAMPLE_BASELINE_FILE } from '../stack/stack';

writeFileSync(EXAMPLE_BASELINE_FILE, `${JSON.stringify(scoringBaseline(), null, 2)}\n`);
process.stdout.write(`wrote ${EXAMPLE_BASELINE_FILE}\n`);
