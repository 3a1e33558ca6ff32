/** Instrumentation scope name and version (kept equal to package.json; a test checks it). */
export const PACKAGE_NAME = '@statewatch/instrumentation-gc';
export const PACKAGE_VERSION = '0.1.0';
