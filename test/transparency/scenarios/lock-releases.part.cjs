// A release of the version matrix (an npm alias of the repository), copied into a temporary
// node_modules/<library> of its own with its dependencies: loaded from there, by require or
// import, the loader hooks see the library's real name and version. Same in both processes.
'use strict';
const { cpSync, existsSync, mkdtempSync, readFileSync } = require('node:fs');
const { tmpdir } = require('node:os');
const { join, resolve } = require('node:path');

const ROOT_MODULES = resolve(__dirname, '../../../node_modules');
const home = mkdtempSync(join(tmpdir(), 'transparency-releases-'));
process.on('exit', () => require('node:fs').rmSync(home, { recursive: true, force: true }));

/** The entry file of `alias` installed as `library` (dereferenced copy). */
function installRelease(library, alias) {
  const dir = join(home, alias, 'node_modules');
  const target = join(dir, library);
  cpSync(join(ROOT_MODULES, alias), target, { recursive: true, dereference: true });
  const pkg = JSON.parse(readFileSync(join(target, 'package.json'), 'utf8'));
  for (const dep of Object.keys(pkg.dependencies ?? {}))
    if (!existsSync(join(target, 'node_modules', dep)))
      cpSync(join(ROOT_MODULES, dep), join(dir, dep), { recursive: true, dereference: true });
  return require.resolve(library, { paths: [join(home, alias)] });
}

module.exports = { installRelease };
