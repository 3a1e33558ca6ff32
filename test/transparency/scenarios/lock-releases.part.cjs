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
  // Its hoisted dependencies, and theirs.
  const copyDependencies = (pkgDir) => {
    const { dependencies = {} } = JSON.parse(readFileSync(join(pkgDir, 'package.json'), 'utf8'));
    for (const dep of Object.keys(dependencies)) {
      if (existsSync(join(pkgDir, 'node_modules', dep))) copyDependencies(join(pkgDir, 'node_modules', dep));
      else if (!existsSync(join(dir, dep))) {
        cpSync(join(ROOT_MODULES, dep), join(dir, dep), { recursive: true, dereference: true });
        copyDependencies(join(dir, dep));
      }
    }
  };
  copyDependencies(target);
  return require.resolve(library, { paths: [join(home, alias)] });
}

module.exports = { installRelease };
