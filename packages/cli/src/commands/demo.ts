// `statewatch demo` lives in its own package, @statewatch/demo (it brings the lock and clone
// instrumentations and async-mutex, which the rest of the CLI does not need).
const DEMO_PACKAGE = '@statewatch/demo';

export async function run(argv: string[]): Promise<number> {
  let demo: { run(argv: string[]): Promise<number> };
  try {
    demo = require(DEMO_PACKAGE) as typeof demo;
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code !== 'MODULE_NOT_FOUND' || !String((err as Error).message).includes(DEMO_PACKAGE)) throw err;
    process.stderr.write(`statewatch demo: needs the ${DEMO_PACKAGE} package: npm install ${DEMO_PACKAGE}\n`);
    return 2;
  }
  return demo.run(argv);
}
