/*
 * The clock of every copy, captured at load so that fake timers an app installs later (which
 * replace `performance.now`) neither run nor change our durations. process.hrtime() skips the
 * receiver check performance.now() makes.
 */
const hrtime = process.hrtime;

/** Monotonic time in seconds from an arbitrary origin: for durations only. */
export function nowSeconds(): number {
  const t = hrtime();
  return t[0] + t[1] * 1e-9;
}
