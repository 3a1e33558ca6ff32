/** The instrumentation scope of every clone metric. */
export const PACKAGE_NAME = '@statewatch/instrumentation-clone';
// Kept in step with package.json by the version test.
export const PACKAGE_VERSION = '0.1.0';
