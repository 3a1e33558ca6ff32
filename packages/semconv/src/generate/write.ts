#!/usr/bin/env node
// Writes every generated file (`npm run generate -w @statewatch/semconv`).
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { generatedFiles } from './outputs';

const repoRoot = resolve(__dirname, '../../../..');
for (const file of generatedFiles()) {
  const target = resolve(repoRoot, file.path);
  mkdirSync(dirname(target), { recursive: true });
  writeFileSync(target, file.content);
  console.log(`wrote ${file.path}`);
}
