import { ConfigError, resolveOptions } from '../src';

/** The ConfigError resolveOptions throws for this environment (fails the test when none). */
export function rejection(env: Record<string, string>, options = {}): ConfigError {
  try {
    resolveOptions(options, env);
  } catch (err) {
    if (err instanceof ConfigError) return err;
    throw err;
  }
  throw new Error(`no ConfigError for ${JSON.stringify(env)}`);
}
