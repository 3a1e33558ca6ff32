/**
 * statewatch's own messages to the user: one line on stderr per distinct problem, never a
 * stream of repeats, never an exception into the application.
 */
const reported = new Set<string>();

export function reportOnce(key: string, message: string): void {
  if (reported.has(key)) return;
  reported.add(key);
  try {
    process.stderr.write(`statewatch: ${message}\n`);
  } catch {
    // stderr closed: nothing more we can do, and the app must not notice.
  }
}
