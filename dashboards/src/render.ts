// `npm run generate -w @statewatch/dashboards`: write every generated file (see outputs.ts).
import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { PACKAGE_ROOT } from './files';
import { GENERATED_DIR, GRAFANA_ALERTING_DIR, generatedOutputs } from './outputs';

const outputs = generatedOutputs();
// Drop files a removed dashboard or area left behind.
for (const dir of [GENERATED_DIR, GRAFANA_ALERTING_DIR]) {
  const abs = join(PACKAGE_ROOT, dir);
  mkdirSync(abs, { recursive: true });
  for (const f of readdirSync(abs)) if (!outputs.has(`${dir}/${f}`)) rmSync(join(abs, f));
}
for (const [path, content] of outputs) {
  mkdirSync(dirname(join(PACKAGE_ROOT, path)), { recursive: true });
  writeFileSync(join(PACKAGE_ROOT, path), content);
  console.log(`wrote dashboards/${path}`);
}
