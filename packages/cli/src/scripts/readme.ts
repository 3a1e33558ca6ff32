// Writes each command's --help text into the CLI README, between `<!-- help: NAME -->` and
// `<!-- /help -->` (`npm run generate -w @statewatch/cli`); a test fails when one is stale.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { helpText, type CommandSpec } from '../cli/spec';
import { SPEC as BASELINE } from '../commands/baseline';
import { SPEC as DRIFT } from '../commands/drift';
import { SPEC as TOP } from '../commands/top';
import { SPEC as GRAFANA } from '../grafana/cli';

export const README = join(__dirname, '..', '..', 'README.md');

/** Every command's spec; the demo's comes from @statewatch/demo (not a dependency of the CLI). */
export function commandSpecs(): CommandSpec[] {
  const specs = [TOP, BASELINE, DRIFT, GRAFANA];
  specs.push((require('@statewatch/demo') as { DEMO_SPEC: CommandSpec }).DEMO_SPEC);
  return specs;
}

export function block(spec: CommandSpec): string {
  return `<!-- help: ${spec.name} -->\n\`\`\`text\n${helpText(spec).trimEnd()}\n\`\`\`\n<!-- /help -->`;
}

export function renderReadme(text: string, specs: CommandSpec[]): string {
  let out = text;
  for (const spec of specs) {
    const pattern = new RegExp(`<!-- help: ${spec.name} -->[\\s\\S]*?<!-- /help -->`);
    if (!pattern.test(out)) throw new Error(`${README}: no <!-- help: ${spec.name} --> block`);
    out = out.replace(pattern, block(spec));
  }
  return out;
}

if (require.main === module) {
  writeFileSync(README, renderReadme(readFileSync(README, 'utf8'), commandSpecs()));
  process.stdout.write(`wrote ${README}\n`);
}
