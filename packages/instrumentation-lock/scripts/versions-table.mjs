// `npm run docs:versions`: writes docs/lock-libraries.md from src/libraries.ts (build first: it
// reads dist/).
import { writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const { lockLibrariesDoc } = require('../dist/libraries.js');
writeFileSync(new URL('../../../docs/lock-libraries.md', import.meta.url), lockLibrariesDoc());
