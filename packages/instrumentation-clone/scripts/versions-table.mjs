// `npm run docs:versions`: rewrites the README's coverage table (between the versions-table
// markers) from the integrations in src/integrations (build first: it reads dist/).
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const { supportedVersionsTable } = require('../dist/libraries.js');
const readme = new URL('../README.md', import.meta.url);
const text = readFileSync(readme, 'utf8');
const start = text.indexOf('\n', text.indexOf('<!-- versions-table')) + 1;
const end = text.indexOf('<!-- /versions-table -->');
if (start <= 0 || end < start) throw new Error('README.md: versions-table markers not found');
writeFileSync(readme, `${text.slice(0, start)}${supportedVersionsTable()}\n${text.slice(end)}`);
