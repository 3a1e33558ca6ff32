// Copies the collector configs into the ConfigMaps of the Kubernetes manifests, verbatim: the
// `<key>: |` line after each `# embed: <path>` comment gets the file (relative to this
// directory) as its block. test/collector-deploy.test.ts fails when a manifest is out of step.
//
//   node_modules/.bin/node collector/deploy/embed-configs.mjs
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const DIR = import.meta.dirname;
for (const manifest of ['kubernetes.yaml', 'kubernetes-sharded.yaml']) {
  const path = join(DIR, manifest);
  const lines = readFileSync(path, 'utf8').split('\n');
  const out = [];
  for (let i = 0; i < lines.length; i++) {
    out.push(lines[i]);
    const embed = /^(\s*)# embed: (\S+)$/.exec(lines[i]);
    if (!embed) continue;
    const indent = `${embed[1]}  `;
    out.push(lines[++i]); // the `<key>: |` line
    // Drop the old block (lines indented deeper, or empty), then insert the file.
    while (i + 1 < lines.length && (lines[i + 1] === '' || lines[i + 1].startsWith(indent))) i++;
    const text = readFileSync(join(DIR, embed[2]), 'utf8').replace(/\n$/, '');
    out.push(...text.split('\n').map((l) => (l === '' ? '' : indent + l)));
  }
  writeFileSync(path, out.join('\n'));
}
