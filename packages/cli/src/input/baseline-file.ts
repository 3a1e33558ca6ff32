// A baseline file, read by the CLI's own input rules (BOM, errors naming the path) and checked
// by feature-drift.
import { validateBaseline, type Baseline } from '@statewatch/feature-drift';
import { inputError, readInputText } from './files';

export async function readBaselineFile(path: string): Promise<Baseline> {
  const text = await readInputText(path);
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (err) {
    throw inputError(path, undefined, `not valid JSON: ${(err as Error).message}`);
  }
  return validateBaseline(parsed, path);
}
