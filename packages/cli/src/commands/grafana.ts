// `statewatch grafana import`: dashboards and alert rules into Grafana (see grafana/cli.ts).
import { grafanaCli } from '../grafana/cli';

export function run(argv: string[]): Promise<number> {
  return grafanaCli(argv, {
    env: process.env,
    out: (text) => process.stdout.write(text),
    err: (text) => process.stderr.write(text),
  });
}
